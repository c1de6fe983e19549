import { HtmlValidate } from 'html-validate';
import { SaxesParser } from 'saxes';

/**
 * Whether an answer is what its type says: XML that a strict parser accepts
 * (well-formed, only characters XML 1.0 allows), or HTML that a validator finds
 * conforming (html-validate's "standard" rules: the HTML standard's content
 * models and syntax, no style preferences).
 */
const validator = new HtmlValidate({ extends: ['html-validate:standard'] });
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
  const report = validator.validateStringSync(text);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message} (line ${m.line}, column ${m.column})`));
}

/** Errors of an answer according to its content type; other types are not checked. */
export function markupErrors(contentType: string | null, body: string): string[] {
  if (!contentType) return [];
  if (/\bhtml\b/.test(contentType)) return htmlErrors(body);
  if (/\bxml\b/.test(contentType)) return xmlErrors(body);
  return [];
}
