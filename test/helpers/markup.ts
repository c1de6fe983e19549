import { parse } from 'parse5';
import { SaxesParser } from 'saxes';

/**
 * Whether an answer is what its type says: XML that a strict parser accepts
 * (well-formed, only characters XML 1.0 allows), or HTML that the HTML standard's
 * parsing algorithm (parse5) reads without an error.
 */
export function xmlErrors(text: string): string[] {
  const errors: string[] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('error', (e) => errors.push(e.message));
  try {
    parser.write(text).close();
  } catch (e) {
    errors.push((e as Error).message);
  }
  return errors;
}

export function htmlErrors(text: string): string[] {
  const errors: string[] = [];
  parse(text, { onParseError: (e) => errors.push(`${e.code} at line ${e.startLine}, column ${e.startCol}`) });
  return errors;
}

/** Errors of an answer according to its content type; other types are not checked. */
export function markupErrors(contentType: string | null, body: string): string[] {
  if (!contentType) return [];
  if (/\bhtml\b/.test(contentType)) return htmlErrors(body);
  if (/\bxml\b/.test(contentType)) return xmlErrors(body);
  return [];
}
