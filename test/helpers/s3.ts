import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';

/**
 * A real S3-compatible server on 127.0.0.1 (s3rver, keeping objects in a
 * temporary folder), for tests that run the S3 store over HTTP as in
 * production. What it does not check, and so these tests cannot: request
 * signatures (it checks the access key id only), conditional writes, checksums
 * beyond MD5 ETags, permissions and bucket policies (see docs/media.md).
 */
export interface S3Server {
  endpoint: string;
  bucket: string;
  /** The variables that point Samizdat at it. */
  env: Record<string, string>;
  /** The folder s3rver keeps objects in: `<dir>/<bucket>/<key>._S3rver_object`. */
  dir: string;
  close(): Promise<void>;
}

/** s3rver's fixed credentials. */
const KEY = 'S3RVER';

export async function startS3(opts: { bucket?: string; prefix?: string } = {}): Promise<S3Server> {
  const bucket = opts.bucket ?? 'samizdat-media';
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-s3-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: bucket, configs: [] }] });
  const info = await server.run();
  const endpoint = `http://127.0.0.1:${info.port}`;
  return {
    endpoint,
    bucket,
    dir,
    env: {
      MEDIA_STORE: 's3',
      S3_BUCKET: bucket,
      S3_ENDPOINT: endpoint,
      S3_REGION: 'us-east-1',
      S3_ACCESS_KEY_ID: KEY,
      S3_SECRET_ACCESS_KEY: KEY,
      S3_FORCE_PATH_STYLE: 'on',
      ...(opts.prefix ? { S3_PREFIX: opts.prefix } : {}),
    },
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
