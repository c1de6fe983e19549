import { z } from 'zod';
import { BadRequest } from './errors.js';

/** ?page=N: absent means 1; anything but a whole number from 1 to 100000 is a 400. */
export const pageParam = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, 'The page number must be a whole number from 1 to 100000.')
  .transform(Number)
  .refine((n) => n <= 100000, 'The page number must be a whole number from 1 to 100000.')
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
    if (Array.isArray(v)) throw new BadRequest(`The parameter "${key}" was given more than once.`);
    picked[key] = v;
  }
  const result = z.object(shape).safeParse(picked);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new BadRequest(issue.message.startsWith('Expected') ? `The parameter "${String(issue.path[0])}" is not valid.` : issue.message);
  }
  return result.data;
}
