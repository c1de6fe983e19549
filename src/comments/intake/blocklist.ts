import { normalisedText } from '../markdown.ts';

/**
 * The site's blocklist: one entry a line in the settings. An entry that looks
 * like a web address or a domain ("spam.example", "https://spam.example/x")
 * matches that domain and its subdomains wherever it appears, linked or not; any
 * other entry is a word or phrase, matched whole, ignoring case, spacing,
 * invisible characters and how accents are encoded (NFKC).
 */

const DOMAIN = /^(?:https?:\/\/)?((?:[\p{L}\p{N}-]+\.)+[\p{L}]{2,})(?:[/?#]\S*)?$/u;
const compiled = new WeakMap<readonly string[], RegExp | null>();

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function pattern(entry: string): string | null {
  const e = normalisedText(entry);
  if (!e) return null;
  const domain = DOMAIN.exec(e);
  // A domain: preceded by a start, a dot (a subdomain) or anything but a letter, digit or hyphen.
  if (domain) return `(?<![\\p{L}\\p{N}-])${escape(domain[1])}(?![\\p{L}\\p{N}-])`;
  return `(?<![\\p{L}\\p{N}])${e.split(' ').map(escape).join('\\s+')}(?![\\p{L}\\p{N}])`;
}

function matcher(list: readonly string[]): RegExp | null {
  if (compiled.has(list)) return compiled.get(list)!;
  const parts = list.map(pattern).filter((p): p is string => p !== null);
  const re = parts.length ? new RegExp(parts.join('|'), 'u') : null;
  compiled.set(list, re);
  return re;
}

export function blocklistMatches(list: readonly string[], text: string): boolean {
  const re = matcher(list);
  return re !== null && re.test(normalisedText(text));
}
