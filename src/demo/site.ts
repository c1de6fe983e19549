import type { SiteSettings } from '../settings/settings.ts';
import type { DemoPerson, DemoSection } from './types.ts';
import { demoPages } from './pages.ts';

export const demoSettings: Partial<SiteSettings> = {
  site_name: 'The Lantern',
  site_description: 'Independent news and opinion from Kilbrannan',
  language: 'en',
  locale: 'en-IE',
  timezone: 'Europe/Dublin',
  accent_colour: '#b3261e',
  // The demo's static pages, in the menu after the sections.
  nav: demoPages.map((p) => ({ label: p.menuLabel, url: `/${p.slug}` })),
};

export const demoSections: DemoSection[] = [
  { slug: 'news', name: 'News', description: 'What happened in Kilbrannan and the county, reported by our own staff.' },
  { slug: 'opinion', name: 'Opinion', description: 'Argument and commentary from our columnists and guest writers.' },
  { slug: 'analysis', name: 'Analysis', description: 'The numbers behind the story, explained.' },
  { slug: 'culture', name: 'Culture', description: 'Books, stage, music and the life of the town.' },
];

export const demoPeople: DemoPerson[] = [
  {
    slug: 'niamh-brennan',
    name: 'Niamh Brennan',
    bio: 'Niamh Brennan is news editor of The Lantern. She has covered Kilbrannan City Council for eleven years and still reads every planning file.',
    portrait: 'portrait-niamh',
    role: 'editor',
  },
  {
    slug: 'tomas-okafor',
    name: 'Tomás Okafor',
    bio: 'Tomás Okafor reports on transport, housing and the harbour. Before joining The Lantern he worked on the night desk of a regional daily.',
    portrait: 'portrait-tomas',
    role: 'author',
  },
  {
    slug: 'ruth-delaney',
    name: 'Ruth Delaney',
    bio: 'Ruth Delaney writes a weekly column on civic life. A former secondary-school teacher, she has lived on the Strand Road for forty years.',
    portrait: 'portrait-ruth',
    role: 'author',
  },
  {
    slug: 'declan-moyo',
    name: 'Declan Moyo',
    bio: 'Declan Moyo is The Lantern’s data reporter. He turns council spreadsheets and census tables into stories people can check for themselves.',
    portrait: 'portrait-declan',
    role: 'author',
  },
];
