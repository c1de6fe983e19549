import { z } from 'zod';
import { type ErrorStrings, stringsFor } from '../i18n/strings.ts';
import { BadRequest } from './errors.ts';

/** The messages a query schema may give: those of the site's error words that are plain text. */
type QueryMessage = { [K in keyof ErrorStrings]: ErrorStrings[K] extends string ? K : never }[keyof ErrorStrings];

const ENGLISH = stringsFor('en').errors;
const ZODS_OWN = '\u0000zod';

/**
 * A zod message that names one of the site's error words instead of spelling
 * it out, so that parseQuery can answer in the language of the reader's site.
 */
export function queryMessage(key: QueryMessage): string {
  return key;
}

function isQueryMessage(message: string): message is QueryMessage {
  return Object.hasOwn(ENGLISH, message) && typeof ENGLISH[message as keyof ErrorStrings] === 'string';
}

/** ?page=N: absent means 1; anything but a whole number from 1 to 100000 is a 400. */
export const pageParam = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, queryMessage('pageNumber'))
  .transform(Number)
  .refine((n) => n <= 100000, queryMessage('pageNumber'))
  .optional()
  .transform((n) => n ?? 1);

/**
 * Validate a query string. Unknown parameters (utm_source and the like) are
 * ignored; a repeated parameter or a bad value is a 400 naming the parameter.
 */
export function parseQuery<S extends z.ZodRawShape>(shape: S, query: unknown): z.infer<z.ZodObject<S>> {
  const raw = (query ?? {}) as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const key of Object.keys(shape)) {
    const v = raw[key];
    if (Array.isArray(v)) throw new BadRequest((t) => t.repeatedParameter(key));
    picked[key] = v;
  }
  // Zod's own wording ("Invalid input: expected string…") is no use to a reader: an
  // issue without a message written for people gets this marker instead, and the
  // answer names the parameter.
  const result = z.object(shape).safeParse(picked, { error: () => ZODS_OWN });
  if (!result.success) {
    const issue = result.error.issues[0];
    const message = issue.message;
    if (isQueryMessage(message)) throw new BadRequest((t) => t[message]);
    throw new BadRequest(message === ZODS_OWN ? (t) => t.invalidParameter(String(issue.path[0])) : message);
  }
  return result.data;
}
