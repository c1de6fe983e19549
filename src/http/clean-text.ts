/**
 * Characters that XML 1.0 forbids and HTML treats as errors: C0 controls other
 * than tab, line feed and carriage return; DEL and the C1 controls; the
 * noncharacters U+FFFE and U+FFFF; and halves of surrogate pairs standing alone.
 * A title holding one (a pasted "\x08") once made every feed invalid XML.
 */
const ILLEGAL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text with those characters removed (one pass). */
export function withoutIllegalChars(text: string): string {
  ILLEGAL.lastIndex = 0;
  return ILLEGAL.test(text) ? text.replace(ILLEGAL, '') : text;
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
