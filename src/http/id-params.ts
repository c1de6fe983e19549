import { NotFound } from './errors.ts';

/** The largest id either database holds (PostgreSQL's `integer`); a larger number names nothing. */
export const MAX_ID = 2_147_483_647;

/**
 * Route parameters named `id` or `…Id` are row ids: a positive whole number
 * that fits the database's integer. Anything else names nothing and answers
 * 404 before any handler runs — so no handler can pass PostgreSQL a number it
 * refuses (a 500), whatever its own parsing says.
 */
export function checkIdParams(params: unknown): void {
  if (!params || typeof params !== 'object') return;
  for (const [name, value] of Object.entries(params as Record<string, unknown>)) {
    if (name !== 'id' && !name.endsWith('Id')) continue;
    if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_ID) throw new NotFound();
  }
}
