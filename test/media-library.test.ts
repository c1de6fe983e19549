import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaVariant } from '../src/db/schema.ts';
import { asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { startS3, type S3Server } from './helpers/s3.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { postMultipart } from './helpers/upload.ts';

/** Noise, so the JPEG is a real photo-like file rather than a flat colour. */
function noise(width: number, height: number): Buffer {
  const out = Buffer.alloc(width * height * 3);
  let x = 987654;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const photo = (width: number, height: number) => sharp(noise(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: 80 });

const ZIP = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.from('word/document.xml junk '.repeat(20))]);

/** Every case on both databases and both stores: files in DATA_DIR/media, and in S3-compatible storage (a real server on 127.0.0.1). */
const CASES = DATABASES.flatMap((kind) => (['local', 's3'] as const).map((store) => [kind, store] as const));

describe.each(CASES)('the media library on %s with %s media', (kind, storeKind) => {
  let site: TestSite;
  let s3: S3Server | null = null;
  let gpsJpeg: Buffer;
  let jpeg: Buffer;
  beforeAll(async () => {
    if (storeKind === 's3') s3 = await startS3({ prefix: 'media/' });
    site = await startTestSite(kind, { env: s3?.env ?? {} });
    gpsJpeg = await photo(1200, 800)
      .withExifMerge({
        IFD0: { Make: 'Acme', Model: 'Newsroom 1', Artist: 'Secret Source' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 20/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '6/1 15/1 0/1' },
      })
      .toBuffer();
    jpeg = await photo(640, 480).toBuffer();
  });
  afterAll(async () => {
    await site?.close();
    await s3?.close();
  });

  const db = () => site.services.db.kysely;
  const store = () => site.services.media.current();
  const mediaCount = async () => Number((await db().selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const mediaFiles = async () => {
    const names: string[] = [];
    for await (const f of store().list()) names.push(f.name);
    return names.sort();
  };
  /** A file's bytes, read from the store directly (the folder, or the bucket), not through the site. */
  const storedBytes = async (name: string) => {
    if (s3) return fs.readFileSync(path.join(s3.dir, s3.bucket, `media/${name}._S3rver_object`));
    return fs.readFileSync(path.join(site.dataDir, 'media', name));
  };
  const storedExists = async (name: string) => (await store().stat(name)) !== null;
  /** Scratch folders left in the places uploads are made. */
  const leftovers = () => [path.join(site.dataDir, 'media'), path.join(site.dataDir, 'scratch')]
    .flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d) : [])).filter((f) => f.startsWith('.'));

  it('keeps its files in the configured store', () => {
    expect(store().kind).toBe(storeKind);
  });
  const row = (id: number) => db().selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();

  /** Uploads through the form as the given agent; returns the new media id. */
  async function upload(agent: Awaited<ReturnType<typeof asRole>>, name: string, bytes: Buffer, texts: Record<string, string>): Promise<number> {
    await agent.get('/admin/media');
    const res = await postMultipart(agent, '/admin/media', texts, { name, bytes, type: 'image/jpeg' });
    expect(res.status, res.body).toBe(303);
    const m = /^\/admin\/media\/(\d+)\?uploaded=1$/.exec(res.location ?? '');
    expect(m, res.location ?? '').not.toBeNull();
    return Number(m![1]);
  }

  it('lets an author upload a photo with GPS data; the stored files carry no EXIF', async () => {
    expect((await sharp(gpsJpeg).metadata()).exif).toBeDefined();
    const author = await asRole(site, 'author');
    const page = await author.get('/admin/media');
    expect(page.status).toBe(200);
    // The token is the form's first field, never in the address (history, logs).
    expect(page.body).toMatch(/<form class="media-upload" method="post" action="\/admin\/media" enctype="multipart\/form-data">\s*<input type="hidden" name="_csrf"/);
    expect(page.body).toContain('accept="image/jpeg,image/png,image/webp,image/avif,image/gif"');
    expect(page.body).not.toContain('Show only unused');

    const id = await upload(author, 'Harbour Crane at Dawn.JPG', gpsJpeg, { alt: 'A crane over the harbour at dawn', caption: 'The old crane, due to be removed', credit: 'Ann Example' });
    const m = (await row(id))!;
    expect(m).toMatchObject({ slug: 'harbour-crane-at-dawn', alt: 'A crane over the harbour at dawn', caption: 'The old crane, due to be removed', credit: 'Ann Example', width: 1200, height: 800 });

    const detail = await author.get(`/admin/media/${id}?uploaded=1`);
    expect(detail.status).toBe(200);
    expect(detail.body).toContain('Uploaded. Check the alt text');
    expect(detail.body).toContain('<picture>');
    expect(detail.body).toContain('alt="A crane over the harbour at dawn"');
    expect(detail.body).toContain('1200 × 800');
    expect(detail.body).toContain('Nothing uses this image.');
    expect(detail.body).not.toContain('Delete this image'); // authors cannot delete

    const library = await author.get('/admin/media');
    expect(library.body).toContain(`<a href="/admin/media/${id}">harbour-crane-at-dawn</a>`);
    expect(library.body).toMatch(/<img class="media-thumb" src="\/media\/harbour-crane-at-dawn-480\.jpg" width="480" height="320"/);

    const variants = JSON.parse(m.variants) as MediaVariant[];
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      const bytes = await storedBytes(v.file);
      expect((await sharp(bytes).metadata()).exif, v.file).toBeUndefined();
      expect(bytes.includes('Exif\0\0'), v.file).toBe(false);
      expect(bytes.includes('Secret Source'), v.file).toBe(false);
      const served = await site.fetch(`/media/${v.file}`);
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(bytes), v.file).toBe(true);
    }
    expect(leftovers()).toEqual([]);
    if (s3) expect(fs.existsSync(path.join(site.dataDir, 'media'))).toBe(false); // nothing of the media on this machine
  });

  it('refuses a ZIP named .jpg with 415 and stores nothing', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/media');
    const [before, filesBefore] = [await mediaCount(), await mediaFiles()];
    const res = await postMultipart(author, '/admin/media', { alt: 'A document', caption: 'Leaked memo' }, { name: 'memo.jpg', bytes: ZIP, type: 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body).toContain('This file is not an image we accept. Upload a JPEG, PNG, WebP, AVIF or GIF.');
    expect(res.body).toMatch(/<p class="field-error" id="err-file">This file is not an image/);
    expect(res.body).toContain('Leaked memo');
    expect(await mediaCount()).toBe(before);
    expect(await mediaFiles()).toEqual(filesBefore);
  });

  it('asks for alt text (422) and keeps what was typed', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/media');
    const before = await mediaCount();
    const res = await postMultipart(author, '/admin/media', { alt: '   ', caption: 'Ferry leaving the pier at noon', credit: 'Bob Example' }, { name: 'ferry.jpg', bytes: jpeg });
    expect(res.status).toBe(422);
    expect(res.body).toMatch(/<p class="field-error" id="err-alt">Describe the image/);
    expect(res.body).toContain('>Ferry leaving the pier at noon</textarea>');
    expect(res.body).toContain('value="Bob Example"');
    expect(await mediaCount()).toBe(before);
  });

  it('asks for a file (422) when none was chosen, keeping the texts', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/media');
    const res = await postMultipart(author, '/admin/media', { alt: 'Swimmers at the Forty Foot' }, null);
    expect(res.status).toBe(422);
    expect(res.body).toMatch(/<p class="field-error" id="err-file">Choose a file/);
    expect(res.body).toContain('>Swimmers at the Forty Foot</textarea>');
  });

  it('refuses a file over 20 MB with 413 and a message for people', async () => {
    const author = await asRole(site, 'author');
    await author.get('/admin/media');
    const before = await mediaCount();
    const big = Buffer.concat([jpeg, Buffer.alloc(21 * 1024 * 1024)]);
    const res = await postMultipart(author, '/admin/media', { alt: 'A very large photo' }, { name: 'big.jpg', bytes: big });
    expect(res.status).toBe(413);
    expect(res.body).toContain('larger than 20 MB, the largest we accept');
    expect(res.body).toContain('>A very large photo</textarea>');
    expect(await mediaCount()).toBe(before);
  });

  it('refuses a contributor (no upload_media) and a form without its CSRF token', async () => {
    const contributor = await asRole(site, 'contributor');
    expect((await contributor.get('/admin/media')).status).toBe(403);
    const refused = await postMultipart(contributor, '/admin/media', { alt: 'Sneaky' }, { name: 'x.jpg', bytes: jpeg });
    expect(refused.status).toBe(403);

    const author = await asRole(site, 'author');
    await author.get('/admin/media');
    const before = await mediaCount();
    const forged = await postMultipart(author, '/admin/media', { alt: 'No token' }, { name: 'x.jpg', bytes: jpeg }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('did not come from this site');
    const inAddress = await postMultipart(author, '/admin/media', { alt: 'Token in the address' }, { name: 'x.jpg', bytes: jpeg }, { csrf: 'address' });
    expect(inAddress.status).toBe(403);
    // A multipart body sent to an ordinary form carries no token its check can see.
    const elsewhere = await postMultipart(author, '/admin/articles', { title: 'Smuggled in', section_id: '1' }, null);
    expect(elsewhere.status).toBe(403);
    expect(await mediaCount()).toBe(before);
  });

  it('changes the caption on a published article’s page when the library’s caption changes', async () => {
    const editor = await asRole(site, 'editor');
    const id = await upload(editor, 'lifeboat.jpg', jpeg, { alt: 'The lifeboat on its trailer', caption: 'The lifeboat before its refit', credit: 'Cara Example' });
    const { slug } = (await row(id))!;
    const section = await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    const articleId = await site.services.articles.create({
      title: 'Lifeboat returns after refit', standfirst: 'Back in the water.', sectionId: section.id, authorIds: [editor.userId], tags: [],
      bodyMd: `The lifeboat is back.\n\n::: figure ${slug}\n:::\n\nIt launched at noon.`, status: 'published', createdBy: editor.userId,
    });
    const { path: articlePath } = await db().selectFrom('articles').select('path').where('id', '=', articleId).executeTakeFirstOrThrow();
    const first = await site.text(articlePath!);
    expect(first.body).toContain('The lifeboat before its refit');
    expect(first.body).toContain('Photo: Cara Example');

    const detail = await editor.get(`/admin/media/${id}`);
    expect(detail.body).toContain(`<a href="/admin/articles/${articleId}/edit">Lifeboat returns after refit</a>`);
    expect(detail.body).toContain('figure in the text');
    expect(detail.body).toContain('is in use, so it cannot be deleted');

    const bad = await editor.post(`/admin/media/${id}`, { alt: '', caption: 'Half-typed caption', credit: '' });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/<p class="field-error" id="err-alt">Describe the image/);
    expect(bad.body).toContain('Half-typed caption');

    const saved = await editor.post(`/admin/media/${id}`, { alt: 'The lifeboat in the water', caption: 'The lifeboat after its refit', credit: 'Dara Example' });
    expect(saved.status).toBe(303);
    expect(saved.location).toBe(`/admin/media/${id}?saved=1`);
    const after = await site.text(articlePath!);
    expect(after.body).toContain('The lifeboat after its refit');
    expect(after.body).toContain('Photo: Dara Example');
    expect(after.body).toContain('alt="The lifeboat in the water"');
    expect(after.body).not.toContain('The lifeboat before its refit');
  });

  it('lets an editor delete an unused image, refuses one in use (409), and refuses an author (403)', async () => {
    const editor = await asRole(site, 'editor');
    const unusedId = await upload(editor, 'spare.jpg', jpeg, { alt: 'A spare photo' });
    const usedId = await upload(editor, 'lead.jpg', jpeg, { alt: 'A lead photo' });
    const section = await db().selectFrom('sections').select('id').limit(1).executeTakeFirstOrThrow();
    await site.services.articles.create({
      title: 'A draft with a lead image', standfirst: '', sectionId: section.id, authorIds: [editor.userId], tags: [],
      bodyMd: 'Text.', leadMediaId: usedId, status: 'draft', createdBy: editor.userId,
    });

    const odd = await editor.get('/admin/media?unused=maybe');
    expect(odd.status).toBe(400);
    expect(odd.body).toContain('The parameter &quot;unused&quot; is not valid.');
    expect(odd.body).not.toContain('Invalid enum value');
    const unusedList = await editor.get('/admin/media?unused=1');
    expect(unusedList.body).toContain('Show only unused');
    expect(unusedList.body).toContain(`href="/admin/media/${unusedId}"`);
    expect(unusedList.body).not.toContain(`href="/admin/media/${usedId}"`);

    const author = await asRole(site, 'author');
    await author.get(`/admin/media/${unusedId}`);
    expect((await author.post(`/admin/media/${unusedId}/delete`, {})).status).toBe(403);
    expect(await row(unusedId)).toBeDefined();

    await editor.get(`/admin/media/${usedId}`);
    const inUse = await editor.post(`/admin/media/${usedId}/delete`, {});
    expect(inUse.status).toBe(409);
    expect(inUse.body).toContain('This image is in use, so it was not deleted.');
    expect(inUse.body).toContain('lead image');
    expect(await row(usedId)).toBeDefined();

    const page = await editor.get(`/admin/media/${unusedId}`);
    expect(page.body).toContain(`action="/admin/media/${unusedId}/delete"`);
    const files = (JSON.parse((await row(unusedId))!.variants) as MediaVariant[]).map((v) => v.file);
    const deleted = await editor.post(`/admin/media/${unusedId}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/admin/media?deleted=1');
    expect(await row(unusedId)).toBeUndefined();
    for (const f of files) expect(await storedExists(f), f).toBe(false);
    expect((await editor.get('/admin/media?deleted=1')).body).toContain('The image was deleted.');
    expect((await editor.get(`/admin/media/${unusedId}`)).status).toBe(404);
    expect((await editor.post(`/admin/media/${unusedId}/delete`, {})).status).toBe(404);
  });

  it('serves a picture with its validators: 304 when unchanged, byte ranges, 416 past the end, HEAD without a body', async () => {
    const editor = await asRole(site, 'editor');
    const id = await upload(editor, 'pier.jpg', jpeg, { alt: 'The pier at low tide' });
    const file = (JSON.parse((await row(id))!.variants) as MediaVariant[])[0].file;
    const bytes = await storedBytes(file);
    const full = await site.fetch(`/media/${file}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(full.headers.get('content-length')).toBe(String(bytes.length));
    expect(full.headers.get('accept-ranges')).toBe('bytes');
    const etag = full.headers.get('etag')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(Buffer.from(await full.arrayBuffer()).equals(bytes)).toBe(true);

    const again = await site.fetch(`/media/${file}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const since = await site.fetch(`/media/${file}`, { headers: { 'if-modified-since': full.headers.get('last-modified')! } });
    expect(since.status).toBe(304);
    expect((await site.fetch(`/media/${file}`, { headers: { 'if-none-match': '"something-else"' } })).status).toBe(200);

    const part = await site.fetch(`/media/${file}`, { headers: { range: 'bytes=10-109' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-109/${bytes.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(10, 110))).toBe(true);
    const tail = await site.fetch(`/media/${file}`, { headers: { range: 'bytes=-20' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(bytes.length - 20))).toBe(true);
    const beyond = await site.fetch(`/media/${file}`, { headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    // A range asked for against another version is ignored: the whole (current) file.
    expect((await site.fetch(`/media/${file}`, { headers: { range: 'bytes=0-9', 'if-range': '"old"' } })).status).toBe(200);

    const head = await site.fetch(`/media/${file}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect(await head.text()).toBe('');

    expect((await site.fetch('/media/no-such-picture-960.jpg')).status).toBe(404);
    expect((await site.fetch('/media/..%2Fsamizdat.db')).status).toBe(404);
    expect((await site.fetch(`/media/${file.replace(/\.jpg$/, '.exe')}`)).status).toBe(404);
  });
});

describe('uploads cut short by a crash', () => {
  it('are swept away when the server next starts, while a fresh one in progress is left alone', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-sweep-'));
    const media = path.join(dataDir, 'media');
    fs.mkdirSync(path.join(media, '.incoming-crashed'), { recursive: true });
    fs.writeFileSync(path.join(media, '.incoming-crashed', 'upload-960.jpg'), 'half an image');
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    fs.utimesSync(path.join(media, '.incoming-crashed'), twoHoursAgo, twoHoursAgo);
    fs.mkdirSync(path.join(media, '.incoming-now'));
    const site = await startTestSite('sqlite', { dataDir, demo: false });
    try {
      expect(fs.readdirSync(media).filter((n) => n.startsWith('.incoming-'))).toEqual(['.incoming-now']);
      expect((await site.fetch('/healthz')).status).toBe(200);
    } finally {
      await site.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('media behind a CDN (S3_PUBLIC_URL)', () => {
  it('redirects /media/<file> to the CDN, lets pages load pictures from it, and keeps pages naming /media/', async () => {
    const s3 = await startS3();
    const site = await startTestSite('sqlite', { env: { ...s3.env, S3_PUBLIC_URL: 'https://cdn.news.test/pictures/' } });
    try {
      const m = await site.services.db.kysely.selectFrom('media').select('variants').limit(1).executeTakeFirstOrThrow();
      const file = (JSON.parse(m.variants) as MediaVariant[])[0].file;
      const res = await site.fetch(`/media/${file}`);
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe(`https://cdn.news.test/pictures/${file}`);
      expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
      const front = await site.text('/');
      expect(front.headers.get('content-security-policy')).toContain("img-src 'self' data: https://cdn.news.test;");
      expect(front.body).toMatch(/<img src="\/media\/[a-z0-9-]+\.(jpg|png)"/);
      expect(front.body).not.toContain('cdn.news.test');
    } finally {
      await site.close();
      await s3.close();
    }
  });
});
