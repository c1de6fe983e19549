import { z } from 'zod';

/**
 * The archive's manifest and how a value is written in a table file
 * (docs/archive-format.md describes both for people who read archives
 * without Samizdat).
 */

export const FORMAT = 'samizdat-archive';
/** Raised when a reader of version N could misread an archive; additions that old readers may ignore keep it. */
export const FORMAT_VERSION = 1;

export const MANIFEST_FILE = 'manifest.json';
export const tableFile = (table: string) => `tables/${table}.jsonl`;
export const mediaEntry = (file: string) => `media/${file}`;

/** A plain file name: no directory, no leading dot, nothing a path could be made of. */
export const plainName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9._-]{0,200}$/);

const tableEntry = z.object({
  name: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/),
  file: z.string(),
  columns: z.array(z.object({ name: z.string(), type: z.string() })),
  primaryKey: z.array(z.string()),
  rows: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  version: z.number().int().positive(),
  createdAt: z.string(),
  generator: z.string(),
  source: z.object({ engine: z.enum(['sqlite', 'postgres']), siteUrl: z.string() }),
  withSecrets: z.boolean(),
  migrations: z.array(z.string()),
  tables: z.array(tableEntry),
  sequences: z.array(z.object({ table: z.string(), column: z.string(), last: z.number().int().nullable() })),
  media: z.array(z.object({ file: plainName, bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  left_out: z.array(z.object({ what: z.string(), why: z.string() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableEntry = z.infer<typeof tableEntry>;

/** Integer types whose values PostgreSQL's driver hands over as text (bigint). */
const INTEGER_TYPE = /^(integer|int|int2|int4|int8|bigint|smallint|serial|bigserial)$/;

/**
 * A database value as JSON: numbers, strings and null as themselves (so a
 * text column holding JSON stays the exact text it was), 64-bit integers
 * as numbers, times that the driver turned into dates as ISO-8601 text, and
 * bytes as `{"base64": "…"}`.
 */
export function encodeValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'string' && INTEGER_TYPE.test(type) && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  return value;
}

export function decodeValue(value: unknown): unknown {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const b = (value as { base64?: unknown }).base64;
    if (typeof b === 'string') return Buffer.from(b, 'base64');
    throw new Error('a value is an object that is not {"base64": …}');
  }
  return value;
}

/** One line of a table file: the row as a JSON object, its columns in the table's order. */
export function encodeRow(row: Record<string, unknown>, columns: { name: string; type: string }[]): string {
  const out: Record<string, unknown> = {};
  for (const c of columns) if (c.name in row) out[c.name] = encodeValue(row[c.name], c.type);
  return `${JSON.stringify(out)}\n`;
}
