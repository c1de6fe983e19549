import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDatabase, DATABASES, type DatabaseKind } from '../../test/helpers/databases.ts';
import { openDatabase, type Db } from '../db/connection.ts';
import { migrateToLatest } from '../db/migrate.ts';
import type { MediaVariant } from '../db/schema.ts';
import { LocalStore, mediaDir } from './local-store.ts';
import { deleteMedia, findUnusedMedia, updateMediaText } from './media-store.ts';
import type { RefusalReason, UploadLimits } from './upload-check.ts';
import { storeUpload, type UploadOutcome } from './upload.ts';

// ---- Test images, made here rather than committed as binary fixtures ----

/** Deterministic noise, so JPEGs have real entropy-coded data to cut in half. */
function noise(width: number, height: number, channels = 3): Buffer {
  const out = Buffer.alloc(width * height * channels);
  let x = 12345;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const noisyImage = (width: number, height: number) => sharp(noise(width, height), { raw: { width, height, channels: 3 } });

function crc32(b: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of b) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG header claiming width × height, with (almost) no pixel data: any decode would fail. */
function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', zlib.deflateSync(Buffer.alloc(0))), pngChunk('IEND', Buffer.alloc(0))]);
}

/** Whether EXIF (as sharp returns it) has a GPS IFD with a latitude — read from the TIFF structure, as tags are numbers, not text. */
function exifHasGpsLatitude(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  const tiff = exif.subarray(exif.toString('latin1', 0, 6) === 'Exif\0\0' ? 6 : 0);
  const le = tiff.toString('latin1', 0, 2) === 'II';
  const u16 = (o: number) => (le ? tiff.readUInt16LE(o) : tiff.readUInt16BE(o));
  const u32 = (o: number) => (le ? tiff.readUInt32LE(o) : tiff.readUInt32BE(o));
  const entries = (ifd: number) => Array.from({ length: u16(ifd) }, (_, i) => ({ tag: u16(ifd + 2 + i * 12), value: u32(ifd + 10 + i * 12) }));
  const gps = entries(u32(4)).find((e) => e.tag === 0x8825);
  return !!gps && entries(gps.value).some((e) => e.tag === 0x0002);
}

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
  '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Secret Source</dc:creator></rdf:Description></rdf:RDF></x:xmpmeta>';

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100"/></svg>';

interface Images {
  jpeg: Buffer;
  gpsJpeg: Buffer;
  truncated: Buffer;
  png: Buffer;
  webp: Buffer;
  avif: Buffer;
  gif: Buffer;
  huge: Buffer;
}

let images: Images;

beforeAll(async () => {
  const jpeg = await noisyImage(1200, 800).jpeg({ quality: 85 }).toBuffer();
  const frames = await Promise.all(
    ['#d00', '#0a0', '#00d'].map((c) => sharp({ create: { width: 40, height: 30, channels: 4, background: c } }).raw().toBuffer()),
  );
  images = {
    jpeg,
    gpsJpeg: await noisyImage(800, 600)
      .jpeg()
      .withExifMerge({
        IFD0: { Make: 'Acme', Model: 'Newsroom 1', Artist: 'Secret Source' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '53/1 20/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '6/1 15/1 0/1' },
      })
      .withIccProfile('p3')
      .withXmp(XMP)
      .toBuffer(),
    truncated: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
    png: await sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 0, g: 90, b: 200, alpha: 0.5 } } }).png().toBuffer(),
    webp: await noisyImage(640, 480).webp().toBuffer(),
    avif: await noisyImage(320, 240).avif().toBuffer(),
    gif: await sharp(Buffer.concat(frames), { raw: { width: 40, height: 90, channels: 4, pageHeight: 30 } })
      .gif({ loop: 0, delay: [100, 100, 100] })
      .toBuffer(),
    huge: pngClaiming(20_000, 20_000),
  };
});

const ZIP = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00', 'latin1'), Buffer.from('word/document.xml junk '.repeat(20))]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
/** An ISO-BMFF header as an iPhone writes it; no HEVC decoder is needed to refuse it. */
const HEIC = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypheic\0\0\0\0mif1heic', 'latin1'), Buffer.alloc(64)]);

// ---- The same tests on both databases ----

describe.each(DATABASES)('media uploads on %s', (kind: DatabaseKind) => {
  let db: Db;
  let dataDir: string;
  let dropDb: (() => Promise<void>) | null = null;
  let dir: string;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'samizdat-upload-'));
    dir = mediaDir(dataDir);
    if (kind === 'postgres') {
      const pgDb = await createPostgresDatabase();
      dropDb = pgDb.drop;
      db = openDatabase({ kind: 'postgres', url: pgDb.url });
    } else {
      db = openDatabase({ kind: 'sqlite', file: path.join(dataDir, 'samizdat.db') });
    }
    await migrateToLatest(db);
  });

  afterAll(async () => {
    await db?.close();
    if (dropDb) await dropDb();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const filesInMediaDir = () => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
  const mediaCount = async () => Number((await db.kysely.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const upload = (filename: string, bytes: Buffer, alt = 'A test picture', limits?: UploadLimits) =>
    storeUpload(db, dataDir, { filename, bytes, alt }, limits);
  const accepted = (o: UploadOutcome) => {
    if (!o.ok) throw new Error(`expected the upload to be accepted, got ${o.reason}: ${o.message}`);
    return o;
  };
  const variantsOf = async (id: number): Promise<MediaVariant[]> =>
    JSON.parse((await db.kysely.selectFrom('media').select('variants').where('id', '=', id).executeTakeFirstOrThrow()).variants);

  /** Runs a refused upload and checks it left no file (not even a scratch directory) and no row. */
  async function expectRefused(outcome: Promise<UploadOutcome>, reason: RefusalReason, message: RegExp, field: 'file' | 'alt' = 'file') {
    const files = filesInMediaDir();
    const rows = await mediaCount();
    const o = await outcome;
    expect(o).toMatchObject({ ok: false, reason, field });
    if (!o.ok) expect(o.message).toMatch(message);
    expect(filesInMediaDir()).toEqual(files);
    expect(await mediaCount()).toBe(rows);
  }

  it('stores a JPEG as resized JPEG and WebP variants with a slug from the file name', async () => {
    const o = accepted(await upload('Harbour at Dawn (final).JPG', images.jpeg));
    expect(o.slug).toBe('harbour-at-dawn-final');
    const row = await db.kysely.selectFrom('media').selectAll().where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ slug: o.slug, mime: 'image/jpeg', width: 1200, height: 800, alt: 'A test picture' });
    const variants = JSON.parse(row.variants) as MediaVariant[];
    expect(variants.map((v) => `${v.format}:${v.width}`)).toEqual(['jpeg:480', 'jpeg:960', 'jpeg:1200', 'webp:480', 'webp:960', 'webp:1200']);
    for (const v of variants) {
      expect(v.file).toMatch(new RegExp(`^${o.slug}-\\d+\\.(jpg|webp)$`));
      const meta = await sharp(path.join(dir, v.file)).metadata();
      expect([meta.format, meta.width]).toEqual([v.format, v.width]);
    }
    expect(filesInMediaDir().filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('strips EXIF, GPS, ICC and XMP from every stored file', async () => {
    const input = await sharp(images.gpsJpeg).metadata();
    expect(exifHasGpsLatitude(input.exif)).toBe(true);
    expect(input.exif?.toString('latin1')).toContain('Secret Source');
    expect(input.icc).toBeDefined();
    expect(input.xmpAsString).toContain('Secret Source');

    const o = accepted(await upload('source.jpg', images.gpsJpeg));
    const variants = await variantsOf(o.id);
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) {
      const bytes = fs.readFileSync(path.join(dir, v.file));
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, v.file).toBeUndefined();
      expect(meta.icc, v.file).toBeUndefined();
      expect(meta.xmp, v.file).toBeUndefined();
      expect(bytes.includes('Secret Source'), v.file).toBe(false);
      expect(bytes.includes('Exif\0\0'), v.file).toBe(false);
    }
  });

  it.each([
    ['a PNG with transparency', 'logo.png', 'png', 'image/png'],
    ['a WebP', 'street.webp', 'webp', 'image/jpeg'],
    ['an AVIF', 'market.avif', 'avif', 'image/jpeg'],
  ] as const)('accepts %s', async (_label, filename, key, mime) => {
    const o = accepted(await upload(filename, images[key]));
    const row = await db.kysely.selectFrom('media').select(['mime', 'variants']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row.mime).toBe(mime);
    for (const v of JSON.parse(row.variants) as MediaVariant[]) expect(fs.existsSync(path.join(dir, v.file))).toBe(true);
  });

  it('accepts an animated GIF and stores its first frame as a still', async () => {
    const input = await sharp(images.gif).metadata();
    expect(input.pages).toBe(3);
    const o = accepted(await upload('spinner.gif', images.gif));
    const variants = await variantsOf(o.id);
    expect(variants.map((v) => [v.width, v.height])).toContainEqual([40, 30]);
    for (const v of variants) {
      const meta = await sharp(path.join(dir, v.file), { pages: -1 }).metadata();
      expect(meta.pages ?? 1).toBe(1);
      expect(meta.height).toBe(30);
    }
  });

  it('makes slugs unique: -2, -3 …', async () => {
    const slugs = [];
    for (let i = 0; i < 3; i++) slugs.push(accepted(await upload('council-meeting.png', images.png)).slug);
    expect(slugs).toEqual(['council-meeting', 'council-meeting-2', 'council-meeting-3']);
    expect(accepted(await upload('.png', images.png)).slug).toBe('untitled');
  });

  it('never overwrites a file already in the media directory', async () => {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'orphan-300.png'), 'left behind by a crash');
    const o = accepted(await upload('orphan.png', images.png));
    expect(o.slug).toBe('orphan-2');
    expect(fs.readFileSync(path.join(dir, 'orphan-300.png'), 'utf8')).toBe('left behind by a crash');
    expect(filesInMediaDir().filter((f) => f.startsWith('orphan-300.'))).toEqual(['orphan-300.png']);
    fs.rmSync(path.join(dir, 'orphan-300.png'));
  });

  it('requires alt text of 1–300 characters', async () => {
    await expectRefused(upload('a.jpg', images.jpeg, ''), 'unusable', /alt text/i, 'alt');
    await expectRefused(upload('a.jpg', images.jpeg, '  \n '), 'unusable', /alt text/i, 'alt');
    await expectRefused(upload('a.jpg', images.jpeg, 'x'.repeat(301)), 'unusable', /300 characters.*301/, 'alt');
    const o = accepted(await storeUpload(db, dataDir, { filename: 'a.png', bytes: images.png, alt: `  ${'é'.repeat(300)} `, caption: ' Cap ', credit: ' Jo ' }));
    const row = await db.kysely.selectFrom('media').select(['alt', 'caption', 'credit']).where('id', '=', o.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ alt: 'é'.repeat(300), caption: 'Cap', credit: 'Jo' });
  });

  it('refuses a file over the size limit with 413', async () => {
    const big = Buffer.concat([images.jpeg, Buffer.alloc(20 * 1024 * 1024)]);
    await expectRefused(upload('big.jpg', big), 'too-large', /largest we accept is 20 MB/);
  });

  it.each([
    ['a ZIP named photo.jpg', 'photo.jpg', ZIP],
    ['an SVG with a script', 'drawing.svg', Buffer.from(SVG)],
    ['an SVG with a script named .png', 'drawing.png', Buffer.from(SVG)],
    ['a PDF named .jpg', 'scan.jpg', PDF],
    ['an HTML page named .gif', 'page.gif', HTML],
    ['an empty file', 'empty.jpg', Buffer.alloc(0)],
  ])('refuses %s with 415, whatever its name', async (_label, filename, bytes) => {
    await expectRefused(upload(filename, bytes), 'not-an-image', /not an image we accept\. Upload a JPEG, PNG, WebP, AVIF or GIF/);
  });

  it('refuses an iPhone HEIC photo with 415 and says what to do', async () => {
    await expectRefused(upload('IMG_0001.HEIC', HEIC), 'not-an-image', /HEIC.*JPEG/);
    await expectRefused(upload('IMG_0001.jpg', HEIC), 'not-an-image', /HEIC/);
  });

  it('refuses a 20,000 × 20,000 image from its header, without decoding it', async () => {
    expect(images.huge.length).toBeLessThan(100);
    await expectRefused(upload('bomb.png', images.huge), 'unusable', /20,000 × 20,000 pixels \(400 megapixels\).*50 megapixels/);
  });

  it('refuses an image with a side over the limit', async () => {
    const limits = { maxBytes: 1e9, maxPixels: 1e9, maxSide: 1000 };
    await expectRefused(upload('wide.jpg', images.jpeg, 'Wide', limits), 'unusable', /1,200 × 800 pixels.*1,000 pixels on the longer side/);
  });

  it('refuses a truncated JPEG as damaged', async () => {
    expect((await sharp(images.truncated).metadata()).width).toBe(1200); // the header alone looks fine
    await expectRefused(upload('half.jpg', images.truncated), 'unusable', /the file seems damaged or incomplete/i);
  });

  it('refuses a JPEG signature followed by junk as damaged', async () => {
    const junk = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('not really a jpeg '.repeat(10))]);
    await expectRefused(upload('junk.jpg', junk), 'unusable', /damaged or incomplete/);
  });

  it('removes the files it moved in when the row cannot be added', async () => {
    const files = filesInMediaDir();
    await createFailingInsertTrigger(db);
    try {
      await expect(upload('doomed.png', images.png)).rejects.toThrow(/refused by test/);
    } finally {
      await dropFailingInsertTrigger(db);
    }
    expect(filesInMediaDir()).toEqual(files);
    expect(await db.kysely.selectFrom('media').select('id').where('slug', '=', 'doomed').executeTakeFirst()).toBeUndefined();
  });

  describe('in use, unused, deleting and editing', () => {
    let lead: number;
    let figure: { id: number; slug: string };
    let avatar: number;
    let logo: number;
    let spare: number;

    beforeAll(async () => {
      lead = accepted(await upload('lead.png', images.png)).id;
      figure = accepted(await upload('figure.png', images.png));
      avatar = accepted(await upload('avatar.png', images.png)).id;
      logo = accepted(await upload('logo.png', images.png)).id;
      spare = accepted(await upload('spare.png', images.png)).id;
      await insertArticleUsing(db, lead, figure.slug);
      const now = new Date().toISOString();
      await db.kysely
        .insertInto('users')
        .values({ email: null, name: 'Ann Writer', slug: 'ann-writer', bio: '', avatar_media_id: avatar, role: 'author', password_hash: null, created_at: now })
        .execute();
      await db.kysely.insertInto('settings').values({ key: 'publisher_logo_media_id', value: JSON.stringify(logo) }).execute();
    });

    it('finds media not used as a lead, an avatar, the logo or a body figure', async () => {
      const unused = await findUnusedMedia(db);
      const ids = unused.map((m) => m.id);
      expect(ids).toContain(spare);
      for (const used of [lead, figure.id, avatar, logo]) expect(ids).not.toContain(used);
      expect(unused.find((m) => m.id === spare)).toMatchObject({ slug: 'spare', created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    });

    it('refuses to delete media in use', async () => {
      const before = filesInMediaDir();
      for (const id of [lead, figure.id, avatar, logo]) expect(await deleteMedia(db, new LocalStore(dataDir), id)).toBe('in-use');
      expect(filesInMediaDir()).toEqual(before);
    });

    it('deletes unused media with its files, then reports it not found', async () => {
      const files = (await variantsOf(spare)).map((v) => v.file);
      expect(files.every((f) => fs.existsSync(path.join(dir, f)))).toBe(true);
      expect(await deleteMedia(db, new LocalStore(dataDir), spare)).toBe('deleted');
      expect(files.some((f) => fs.existsSync(path.join(dir, f)))).toBe(false);
      expect(await db.kysely.selectFrom('media').select('id').where('id', '=', spare).executeTakeFirst()).toBeUndefined();
      expect(await deleteMedia(db, new LocalStore(dataDir), spare)).toBe('not-found');
      expect((await findUnusedMedia(db)).map((m) => m.id)).not.toContain(spare);
    });

    it('media whose slug is only part of a figure slug is not counted as used', async () => {
      const similar = accepted(await upload('fig.png', images.png));
      expect((await findUnusedMedia(db)).map((m) => m.id)).toContain(similar.id);
      expect(await deleteMedia(db, new LocalStore(dataDir), similar.id)).toBe('deleted');
    });

    it('updates alt text, caption and credit; alt text is required', async () => {
      expect(await updateMediaText(db, figure.id, { alt: ' Boats in the harbour ', caption: ' At dawn ', credit: ' Ann Writer ' })).toBe('saved');
      const row = await db.kysely.selectFrom('media').select(['alt', 'caption', 'credit']).where('id', '=', figure.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ alt: 'Boats in the harbour', caption: 'At dawn', credit: 'Ann Writer' });
      expect(await updateMediaText(db, figure.id, { alt: '  ', caption: '', credit: '' })).toMatchObject({ problem: expect.stringMatching(/alt text/) });
      expect((await db.kysely.selectFrom('media').select('alt').where('id', '=', figure.id).executeTakeFirstOrThrow()).alt).toBe('Boats in the harbour');
      expect(await updateMediaText(db, 999_999, { alt: 'Nothing', caption: '', credit: '' })).toBe('not-found');
    });
  });
});

/** One section and one draft article: `leadId` as its lead, `figureSlug` in a body figure. */
async function insertArticleUsing(db: Db, leadId: number, figureSlug: string): Promise<void> {
  const now = new Date().toISOString();
  const section = await db.kysely
    .insertInto('sections')
    .values({ slug: 'news', name: 'News', description: '', position: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const article = await db.kysely
    .insertInto('articles')
    .values({
      slug: 'harbour-plan', section_id: section.id, status: 'draft', title: 'Harbour plan', standfirst: '', word_count: 3,
      lead_media_id: leadId, lead_alt: null, lead_caption: null, lead_credit: null, seo_title: null, seo_description: null,
      comments_enabled: 1, path: null, created_by: null, review_note: null, published_at: null, updated_at: now, created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const body = `The plan passed.\n\n::: figure ${figureSlug}\nalt: Boats\n:::\n\nMore text.`;
  await db.kysely.insertInto('article_bodies').values({ article_id: article.id, body_md: body, body_html: '', body_text: '' }).execute();
}

/** Makes inserts into media fail, to check that an upload cleans up after a database error. */
async function createFailingInsertTrigger(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    await sql`CREATE TRIGGER refuse_media BEFORE INSERT ON media BEGIN SELECT RAISE(ABORT, 'refused by test'); END`.execute(db.kysely);
    return;
  }
  await sql`CREATE FUNCTION refuse_media() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`.execute(db.kysely);
  await sql`CREATE TRIGGER refuse_media BEFORE INSERT ON media FOR EACH ROW EXECUTE FUNCTION refuse_media()`.execute(db.kysely);
}

async function dropFailingInsertTrigger(db: Db): Promise<void> {
  if (db.dialect === 'sqlite') {
    await sql`DROP TRIGGER refuse_media`.execute(db.kysely);
    return;
  }
  await sql`DROP TRIGGER refuse_media ON media`.execute(db.kysely);
  await sql`DROP FUNCTION refuse_media()`.execute(db.kysely);
}
