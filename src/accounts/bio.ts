/**
 * A staff member's bio is plain text: paragraphs separated by a blank line.
 * Plain rather than Markdown because a bio is a few sentences about a person,
 * its links have their own fields (shown with rel="me"), and a short excerpt
 * of it goes under every article they write, where markup would only get cut.
 */
export const BIO_MAX = 1500;
export const NAME_MAX = 100;

/** The bio's paragraphs, each with its line breaks folded into spaces. */
export function bioParagraphs(bio: string): string[] {
  return bio
    .split(/\n[ \t]*\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
}

const EXCERPT_MAX = 240;
const segmenters = new Map<string, Intl.Segmenter>();

/**
 * The first sentence or two of the bio, for the box under an article: two
 * sentences while they fit in EXCERPT_MAX characters, else the first, cut at a
 * word if it is longer still.
 */
export function bioExcerpt(bio: string, language: string): string {
  const first = bioParagraphs(bio)[0] ?? '';
  if (first.length <= EXCERPT_MAX && countSentences(first, language) <= 2) return first;
  let out = '';
  let n = 0;
  for (const { segment } of segmenterFor(language).segment(first)) {
    if (n === 2 || (n > 0 && (out + segment).length > EXCERPT_MAX)) break;
    out += segment;
    n++;
  }
  out = out.trim();
  if (out.length <= EXCERPT_MAX) return out;
  const cut = out.slice(0, EXCERPT_MAX - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), EXCERPT_MAX / 2)).trimEnd()}…`;
}

function countSentences(text: string, language: string): number {
  // A cheap upper bound first: text without a full stop, question or exclamation mark is one sentence.
  if (!/[.!?。！？]\s/.test(text)) return 1;
  return [...segmenterFor(language).segment(text)].length;
}

function segmenterFor(language: string): Intl.Segmenter {
  let segmenter = segmenters.get(language);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(language, { granularity: 'sentence' });
    segmenters.set(language, segmenter);
  }
  return segmenter;
}
