/**
 * Templates are tagged template literals that escape every interpolated value
 * unless it is already a SafeHtml (produced by `html` itself or by `raw`, which
 * is only used for HTML we rendered and sanitised ourselves).
 */
export class SafeHtml {
  readonly value: string;

  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

const special = /[&<>"']/;

export function escapeHtml(s: string): string {
  // Most text has nothing to escape; testing first skips building a new string.
  return special.test(s) ? s.replace(/[&<>"']/g, (c) => escapes[c]) : s;
}

export type Html = SafeHtml;
type Value = SafeHtml | string | number | boolean | null | undefined | Value[];

function toHtml(v: Value): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(toHtml).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += toHtml(values[i]) + strings[i + 1];
  return new SafeHtml(out);
}

/** Trust a string as HTML. Only for output of our Markdown renderer/sanitiser or JSON-LD. */
export function raw(s: string): SafeHtml {
  return new SafeHtml(s);
}

/** Escape for XML (feeds, sitemaps): same rules as HTML text. */
export const xml = html;
