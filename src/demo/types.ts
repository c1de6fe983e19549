// Shapes of the demo content. The demo loader (load-demo.ts) turns these into rows.

export interface DemoSection {
  slug: string;
  name: string;
  description: string;
}

export interface DemoPerson {
  slug: string;
  name: string;
  /** One or two sentences, plain text. */
  bio: string;
  /** Key of a portrait in illustrations.ts. */
  portrait: string;
  role: 'owner' | 'editor' | 'author' | 'contributor';
}

export interface DemoImage {
  /** Key of an illustration in illustrations.ts. */
  image: string;
  alt: string;
  caption: string;
  credit: string;
}

export interface DemoArticle {
  slug: string;
  section: string;
  title: string;
  standfirst: string;
  /** Author slugs, first is the main byline. */
  authors: string[];
  tags: string[];
  /** How long before "now" the article was published, in hours; the demo stays fresh. */
  hoursAgo: number;
  lead: DemoImage;
  /** Body in Samizdat Markdown (see docs/markdown.md). */
  body: string;
}

export interface DemoIllustration {
  /** Unique key, used as the media slug. */
  key: string;
  width: number;
  height: number;
  /** A complete SVG document of the given size. */
  svg: () => string;
}

export interface DemoPage {
  slug: string;
  title: string;
  standfirst: string;
  /** How long before "now" it was published, in days. */
  daysAgo: number;
  /** Its link in the site menu. */
  menuLabel: string;
  /** Body in Samizdat Markdown. */
  body: string;
}
