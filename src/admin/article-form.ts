import { z } from 'zod';
import { ACTIONS } from '../articles/workflow.ts';
import { SLUG_PATTERN } from '../lib/slug.ts';

/** The editor's form, as posted. Validation returns values and messages; it never throws. */
// Empty choices ("—" in an unused author slot) are dropped; the order is kept.
const ids = z.preprocess(
  (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''),
  z.array(z.coerce.number().int().positive()),
);
const optionalText = (max: number) => z.string().trim().max(max, `At most ${max} characters.`).default('');

export type { EditorAction } from '../articles/workflow.ts';

const articleForm = z.object({
  // The headline is a box that grows as it wraps; a line break typed or pasted into it is a space.
  title: z.string().transform((t) => t.replace(/\s*[\r\n]+\s*/g, ' ').trim()).pipe(z.string().min(1, 'Give the article a headline.').max(300, 'At most 300 characters.')),
  slug: z.string().trim().max(80).refine((v) => v === '' || SLUG_PATTERN.test(v), 'Use lower-case letters, digits and single hyphens.').default(''),
  standfirst: optionalText(600),
  section_id: z.coerce.number({ error: 'Choose a section.' }).int().positive('Choose a section.'),
  tags: optionalText(500),
  author_ids: ids,
  lead_media_id: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
  lead_caption: optionalText(500),
  lead_credit: optionalText(200),
  // Browsers send a textarea's line breaks as CRLF; stored Markdown uses LF, so an
  // untouched body compares equal and saving it records no change.
  body_md: z.string().max(200_000, 'The body is too long.').default('').transform((b) => b.replace(/\r\n?/g, '\n')),
  seo_title: optionalText(120),
  seo_description: optionalText(300),
  comments_enabled: z.preprocess((v) => v === 'on' || v === '1' || v === 'true', z.boolean()),
  publish_at: z.string().trim().default(''),
  review_note: optionalText(1000),
  change_kind: z.enum(['update', 'correction']).default('update'),
  change_note: optionalText(1000),
  action: z.enum(ACTIONS).default('save'),
  // The version the form was loaded from (articles/edit-version.ts); empty for a new article.
  version: z.string().trim().max(40).default(''),
});

export type ArticleForm = z.infer<typeof articleForm>;
export type FormErrors = Partial<Record<keyof ArticleForm | 'form', string>>;

export function parseArticleForm(body: unknown): { values: Partial<ArticleForm> & Record<string, unknown>; data?: ArticleForm; errors: FormErrors } {
  const raw = (body ?? {}) as Record<string, unknown>;
  const result = articleForm.safeParse(raw);
  if (result.success) return { values: result.data, data: result.data, errors: {} };
  const errors: FormErrors = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? 'form') as keyof FormErrors;
    errors[key] ??= issue.message;
  }
  return { values: raw as Partial<ArticleForm>, errors };
}
