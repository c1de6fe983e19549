import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import {
  DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client,
} from '@aws-sdk/client-s3';
import type { S3Config } from '../config/config.ts';
import { type ByteRange, contentType, isPlainName, type MediaStore, type StoredFile } from './store.ts';

/** What a stored file is sent with, by the bucket itself when a CDN reads it there directly. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Stats remembered per server: files never change, so only a deletion makes one wrong (and then reading fails). */
const STAT_CACHE_SIZE = 10_000;

/**
 * Media in S3-compatible object storage (Amazon S3, MinIO, Ceph, Garage,
 * Cloudflare R2, Backblaze B2 …), shared by every app server. Uploads are
 * still made on this machine (in DATA_DIR/scratch) and only finished files
 * are sent. Object names are `<S3_PREFIX><file name>`.
 */
export class S3Store implements MediaStore {
  readonly kind = 's3';
  readonly where: string;
  readonly scratchRoot: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly base: string | null;
  private readonly stats = new Map<string, StoredFile>();

  constructor(config: S3Config, dataDir: string) {
    this.bucket = config.bucket;
    this.prefix = config.prefix;
    this.base = config.publicUrl;
    this.where = `s3://${config.bucket}/${config.prefix}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
    this.scratchRoot = path.join(dataDir, 'scratch');
    this.client = new S3Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      forcePathStyle: config.forcePathStyle,
      // A copy: the SDK marks the object it is given, and the configuration's is frozen.
      ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
      // Servers other than Amazon's often refuse the newer checksum headers; these files are checked by size and hash anyway.
      ...(config.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
      requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      maxAttempts: 3,
    });
  }

  private key(name: string): string {
    return this.prefix + name;
  }

  async put(name: string, from: string): Promise<void> {
    if (!isPlainName(name)) throw new Error(`not a media file name: ${JSON.stringify(name)}`);
    // Pictures are small (a few hundred kilobytes): sent from memory, with a length the signature covers.
    const body = await fs.promises.readFile(from);
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket, Key: this.key(name), Body: body, ContentLength: body.length,
      ContentType: contentType(name) ?? 'application/octet-stream', CacheControl: IMMUTABLE,
    }));
    this.stats.delete(name);
  }

  async stat(name: string): Promise<StoredFile | null> {
    if (!isPlainName(name)) return null;
    const known = this.stats.get(name);
    if (known) return known;
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
      const found = { size: Number(head.ContentLength ?? 0), etag: quoted(head.ETag ?? `${head.ContentLength}`), lastModified: head.LastModified ?? new Date(0) };
      if (this.stats.size >= STAT_CACHE_SIZE) this.stats.clear();
      this.stats.set(name, found);
      return found;
    } catch (err) {
      if (isMissing(err)) return null;
      throw err;
    }
  }

  async read(name: string, range?: ByteRange): Promise<Readable | null> {
    if (!isPlainName(name)) return null;
    try {
      const got = await this.client.send(new GetObjectCommand({
        Bucket: this.bucket, Key: this.key(name), ...(range ? { Range: `bytes=${range.start}-${range.end}` } : {}),
      }));
      return got.Body as Readable;
    } catch (err) {
      if (isMissing(err)) {
        this.stats.delete(name);
        return null;
      }
      throw err;
    }
  }

  async remove(names: string[]): Promise<void> {
    await Promise.all(names.filter(isPlainName).map(async (name) => {
      this.stats.delete(name);
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.key(name) }));
    }));
  }

  async *list(): AsyncIterable<{ name: string; size: number }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, ContinuationToken: token }));
      for (const o of page.Contents ?? []) {
        const name = (o.Key ?? '').slice(this.prefix.length);
        if (isPlainName(name)) yield { name, size: Number(o.Size ?? 0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  publicUrl(name: string): string | null {
    return this.base ? `${this.base}/${name}` : null;
  }

  close(): void {
    this.client.destroy();
  }
}

function quoted(etag: string): string {
  return etag.startsWith('"') ? etag : `"${etag}"`;
}

function isMissing(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === 'NotFound' || e?.name === 'NoSuchKey' || e?.$metadata?.httpStatusCode === 404;
}
