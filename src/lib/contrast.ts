/**
 * WCAG 2 contrast between sRGB colours, and the theme's rule for an accent
 * colour. The theme shows white text on the accent (buttons) and, in dark mode,
 * links in the accent mixed with white (site.css: --accent-ink); both must reach
 * 4.5:1 for normal text (WCAG 2.2, 1.4.3).
 */
type Rgb = [number, number, number];

const MIN_TEXT_CONTRAST = 4.5;

const WHITE: Rgb = [255, 255, 255];
/** site.css --bg in dark mode. */
const DARK_BACKGROUND: Rgb = [0x16, 0x15, 0x14];
/** site.css: --accent-ink in dark mode is color-mix(in srgb, accent 55%, #fff). */
const DARK_INK_SHARE = 0.55;

function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  return m ? [parseInt(m[1], 16), parseInt(m[2], 16), parseInt(m[3], 16)] : null;
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function mix(a: Rgb, b: Rgb, shareOfA: number): Rgb {
  return a.map((c, i) => Math.round(c * shareOfA + b[i] * (1 - shareOfA))) as Rgb;
}

/** Why readers could not read text in or on this accent colour; null when they can. */
export function accentProblem(hex: string): string | null {
  const accent = parseHex(hex);
  if (!accent) return 'Give a colour as #rrggbb.';
  const onAccent = contrastRatio(WHITE, accent);
  if (onAccent < MIN_TEXT_CONTRAST) {
    return `White button text on this colour would be hard to read (contrast ${onAccent.toFixed(1)}:1; at least ${MIN_TEXT_CONTRAST}:1 is needed). Choose a darker shade.`;
  }
  const darkLinks = contrastRatio(mix(accent, WHITE, DARK_INK_SHARE), DARK_BACKGROUND);
  if (darkLinks < MIN_TEXT_CONTRAST) {
    return `In dark mode, section labels and links in this colour would be too faint (contrast ${darkLinks.toFixed(1)}:1; at least ${MIN_TEXT_CONTRAST}:1 is needed). Choose a brighter or more saturated shade.`;
  }
  return null;
}
