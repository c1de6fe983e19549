import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/**
 * The operator's configuration: read once from the environment at start,
 * validated, frozen. Site settings that editors change live in the database.
 */
const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], { error: 'must be one of on/off, true/false, 1/0, yes/no' })
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

const envSchema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a whole number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql):\/\/.+/.test(v) || /^sqlite:.+/.test(v), {
      message: 'must start with postgres:// (PostgreSQL) or sqlite: (a SQLite file path)',
    })
    .optional(),
  SITE_URL: z
    .string()
    .url('must be an absolute URL such as https://news.example.org')
    .refine((v) => /^https?:\/\//.test(v), { message: 'must use http or https' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  ACCESS_LOG: z
    .string()
    .regex(/^(on|off|0(\.\d{1,4})?|1(\.0{1,4})?)$/, 'must be on, off, or the fraction of requests to log, such as 0.1')
    .default('on'),
  PAGE_CACHE: bool.default(true),
  PAGE_CACHE_MAX_ENTRIES: z.coerce.number().int().min(0).default(5000),
  PAGE_CACHE_MAX_MB: z.coerce.number({ error: 'must be a number of megabytes' }).int('must be a whole number of megabytes').min(1, 'must be at least 1').max(65536).default(128),
  DEMO_ON_EMPTY: bool.optional(),
  WORKERS: z
    .string()
    .regex(/^(auto|[1-9]\d?)$/, 'must be a whole number from 1 to 99, or auto (one per CPU core)')
    .default('1'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(100, 'must be at least 100').default(10_000),
  TRUST_PROXY: z
    .string()
    .default('')
    .describe('comma-separated addresses or CIDR ranges of proxies whose X-Forwarded-For is believed'),
  SMTP_URL: z
    .string()
    .refine((v) => /^smtps?:\/\/[^/?#]+/i.test(v) && URL.canParse(v), {
      message: 'must be an smtp:// or smtps:// URL such as smtp://user:pass@mail.example.org:587',
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/, {
      message: 'must be an address such as news@example.org or "The Lantern <news@example.org>"',
    })
    .default('Samizdat <no-reply@localhost>'),
  MEDIA_STORE: z.enum(['local', 's3'], { error: 'must be local (files under DATA_DIR/media) or s3 (S3-compatible object storage)' }).default('local'),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens').optional(),
  S3_ENDPOINT: z
    .string()
    .refine((v) => /^https?:\/\/[^/?#]+\/?$/.test(v) && URL.canParse(v), { message: 'must be the address of an S3-compatible server, such as https://s3.example.org or http://127.0.0.1:9000' })
    .optional(),
  S3_REGION: z.string().regex(/^[a-z0-9-]{2,40}$/, 'must be a region name such as eu-west-1 (any name the server accepts; us-east-1 when it ignores regions)').default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_PREFIX: z.string().regex(/^([A-Za-z0-9._-]+\/)+$/, 'must be a folder inside the bucket ending in a slash, such as media/').optional(),
  S3_PUBLIC_URL: z
    .string()
    .refine((v) => /^https?:\/\/[^?#]+$/.test(v) && URL.canParse(v), { message: 'must be an absolute address such as https://cdn.example.org/media' })
    .optional(),
  S3_FORCE_PATH_STYLE: bool.default(false),
  JOB_LEASE_SECONDS: z.coerce.number({ error: 'must be a whole number of seconds' }).int('must be a whole number of seconds').min(2, 'must be at least 2').max(3600, 'must be at most 3600').default(30),
});

/** Where media files live when they are in S3-compatible object storage (see media/s3-store.ts). */
export interface S3Config {
  bucket: string;
  /** null: Amazon S3 itself, found from the region. */
  endpoint: string | null;
  region: string;
  /** null: the AWS SDK's own chain (AWS_ACCESS_KEY_ID, a profile, an instance role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** A folder in the bucket, '' or ending in '/'. */
  prefix: string;
  /** Answer /media/<file> with a redirect to `<publicUrl>/<file>` (a CDN) instead of streaming it. */
  publicUrl: string | null;
  /** bucket in the path (http://host/bucket/key), as most self-hosted servers want, instead of in the host name. */
  forcePathStyle: boolean;
}

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };
  siteUrl: string;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  /** The request log: every request, none, or a sample (a fraction). */
  accessLog: 'on' | 'off' | number;
  pageCache: boolean;
  pageCacheMaxEntries: number;
  /** Memory the page cache may use, bodies and compressed forms together. */
  pageCacheMaxBytes: number;
  demoOnEmpty: boolean;
  trustProxy: string[];
  /** HTTP worker processes; each is a full app server sharing the port. */
  workers: number;
  /** How often scheduled articles are checked for publication. */
  schedulerIntervalMs: number;
  /** Outgoing mail server; null in development, where mail is written to the log. */
  smtpUrl: string | null;
  /** The From address of outgoing mail. */
  mailFrom: string;
  /** Which store a new site keeps its media in; an existing site's is recorded in its database (media/stores.ts). */
  mediaStore: 'local' | 's3';
  /** The object storage, when S3_BUCKET is set; needed when mediaStore is s3, or to move media there. */
  s3: S3Config | null;
  /** How long a claimed job stays claimed by a server that stopped answering; a running job renews its claim. */
  jobLeaseMs: number;
}>;

export class ConfigError extends Error {
  readonly variable: string;
  readonly reason: string;

  constructor(
    variable: string,
    reason: string,
  ) {
    super(`Configuration error: ${variable} ${reason}`);
    this.variable = variable;
    this.reason = reason;
  }
}

/** Parse the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(blankToUndefined(env));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue.path[0] ?? 'environment');
    const got = env[variable];
    // Never echo a password from a URL (SMTP_URL, DATABASE_URL) into the error.
    const shown = variable.includes('SECRET') ? '***' : variable.endsWith('_URL') ? got?.replace(/^((?:[a-z][a-z0-9+.-]*:\/\/)?[^:/@]*):.*@/i, '$1:***@') : got;
    throw new ConfigError(variable, `${issue.message}${shown === undefined ? '' : ` (got "${shown}")`}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const database = e.DATABASE_URL?.startsWith('postgres')
    ? ({ kind: 'postgres', url: e.DATABASE_URL } as const)
    : ({
        kind: 'sqlite',
        file: e.DATABASE_URL ? sqlitePath(e.DATABASE_URL) : path.join(dataDir, 'samizdat.db'),
      } as const);
  const siteUrl = (e.SITE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    siteUrl,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (process.stdout.isTTY ? 'pretty' : 'json'),
    accessLog: e.ACCESS_LOG === 'on' || e.ACCESS_LOG === 'off' ? e.ACCESS_LOG : Number(e.ACCESS_LOG),
    pageCache: e.PAGE_CACHE,
    pageCacheMaxEntries: e.PAGE_CACHE_MAX_ENTRIES,
    pageCacheMaxBytes: e.PAGE_CACHE_MAX_MB * 1024 * 1024,
    // A site with its own address is a real one: it starts empty unless asked. Without one (a try-out), the demo.
    demoOnEmpty: e.DEMO_ON_EMPTY ?? !e.SITE_URL,
    trustProxy: e.TRUST_PROXY.split(',').map((s) => s.trim()).filter(Boolean),
    schedulerIntervalMs: e.SCHEDULER_INTERVAL_MS,
    workers: e.WORKERS === 'auto' ? os.availableParallelism() : Number(e.WORKERS),
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM,
    mediaStore: e.MEDIA_STORE,
    s3: s3Config(e),
    jobLeaseMs: e.JOB_LEASE_SECONDS * 1000,
  });
}

function s3Config(e: z.infer<typeof envSchema>): S3Config | null {
  if (e.MEDIA_STORE === 's3' && !e.S3_BUCKET) throw new ConfigError('S3_BUCKET', 'must be set when MEDIA_STORE is s3');
  if (!e.S3_BUCKET) return null;
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError(e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID', 'must be set together with the other S3 key (or leave both unset to use the AWS SDK\'s own credentials)');
  }
  return Object.freeze({
    bucket: e.S3_BUCKET,
    endpoint: e.S3_ENDPOINT?.replace(/\/+$/, '') ?? null,
    region: e.S3_REGION,
    credentials: e.S3_ACCESS_KEY_ID && e.S3_SECRET_ACCESS_KEY ? Object.freeze({ accessKeyId: e.S3_ACCESS_KEY_ID, secretAccessKey: e.S3_SECRET_ACCESS_KEY }) : null,
    prefix: e.S3_PREFIX ?? '',
    publicUrl: e.S3_PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    forcePathStyle: e.S3_FORCE_PATH_STYLE,
  });
}

function sqlitePath(url: string): string {
  const p = url.slice('sqlite:'.length).replace(/^\/\//, '');
  return p === ':memory:' ? p : path.resolve(p);
}

function blankToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    out[key] = v === undefined || v.trim() === '' ? undefined : v.trim();
  }
  return out;
}
