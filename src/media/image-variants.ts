import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { MediaVariant } from '../db/schema.ts';

/** The widths a browser can choose from; none larger than the original. */
const VARIANT_WIDTHS = [480, 960, 1600] as const;

export interface ProcessedImage {
  width: number;
  height: number;
  mime: string;
  variants: MediaVariant[];
  bytes: number;
}

/**
 * Writes resized JPEG (or PNG for images with transparency) and WebP copies of
 * an image into `dir`. sharp drops EXIF, GPS and other metadata unless asked
 * to keep it, so no stored copy betrays where or with what a photo was taken.
 */
export async function writeVariants(input: Buffer, dir: string, slug: string): Promise<ProcessedImage> {
  const image = sharp(input, { failOn: 'error', limitInputPixels: 100_000_000 }).rotate();
  const meta = await image.metadata();
  const width = meta.autoOrient?.width ?? meta.width;
  const height = meta.autoOrient?.height ?? meta.height;
  if (!width || !height) throw new Error('image has no dimensions');
  const fallback: 'jpeg' | 'png' = meta.hasAlpha ? 'png' : 'jpeg';
  const widths = [...new Set(VARIANT_WIDTHS.map((w) => Math.min(w, width)))];
  fs.mkdirSync(dir, { recursive: true });
  const variants: MediaVariant[] = [];
  let bytes = 0;
  for (const format of [fallback, 'webp'] as const) {
    for (const w of widths) {
      const h = Math.round((height * w) / width);
      const file = `${slug}-${w}.${format === 'jpeg' ? 'jpg' : format}`;
      const pipeline = image.clone().resize(w, h);
      const out = format === 'jpeg'
        ? pipeline.jpeg({ quality: 80, mozjpeg: true })
        : format === 'png' ? pipeline.png({ compressionLevel: 9 }) : pipeline.webp({ quality: 78 });
      const info = await out.toFile(path.join(dir, file));
      bytes += info.size;
      variants.push({ width: w, height: h, format, file });
    }
  }
  return { width, height, mime: `image/${fallback}`, variants, bytes };
}
