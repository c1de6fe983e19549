/**
 * Characters that XML 1.0 forbids and HTML treats as errors: C0 controls other
 * than tab, line feed and carriage return; DEL and the C1 controls; the
 * noncharacters U+FFFE and U+FFFF; and halves of surrogate pairs standing alone.
 * A title holding one (a pasted "\x08") once made every feed invalid XML.
 */
/** A quick look first: a plain class scans fast, and most text (every page, on every render) has none of these. */
const MAYBE = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF\uD800-\uDFFF]/;

/** Text with those characters removed: one quick scan, and a second pass only when a suspect is found (any emoji is one). */
export function withoutIllegalChars(text: string): string {
  if (!MAYBE.test(text)) return text;
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && isLow(text.charCodeAt(i + 1))) {
      i++; // a whole pair: an emoji, a rare letter
      continue;
    }
    if (isIllegal(c)) {
      out += text.slice(from, i);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Allowed: tab, line feed, carriage return; refused: other C0, DEL, C1, U+FFFE/FFFF, a surrogate standing alone. */
function isIllegal(c: number): boolean {
  if (c < 0x20) return c !== 0x09 && c !== 0x0a && c !== 0x0d;
  if (c < 0x7f) return false;
  if (c <= 0x9f) return true;
  return (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
}

/**
 * Every submitted form value goes through this at the edge, before validation:
 * strings are cleaned, arrays and nested objects are walked. Anything else is
 * left as it is.
 */
export function cleanSubmitted(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return withoutIllegalChars(value);
  if (depth > 4 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanSubmitted(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[withoutIllegalChars(k)] = cleanSubmitted(v, depth + 1);
  return out;
}
