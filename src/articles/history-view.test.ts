import { describe, expect, it } from 'vitest';
import { Assets } from '../http/assets.ts';
import { settingsSchema } from '../settings/settings.ts';
import type { ViewContext } from '../views/context.ts';
import { correctionNotes, historyPage, type RevisionSummary } from './history-view.ts';
import { wordDiff } from './word-diff.ts';

const ctx: ViewContext = {
  settings: settingsSchema.parse({}),
  assets: new Assets('/work/main/static'),
  siteUrl: 'https://news.example',
  sections: [{ slug: 'politics', name: 'Politics' }],
};

const article = { title: 'Council <em>votes</em> on budget', path: '/2026/11/council-budget' };

const revisions: RevisionSummary[] = [
  { number: 1, createdAt: '2026-11-25T09:00:00.000Z', kind: 'published', note: '', editor: 'Ada Editor' },
  { number: 2, createdAt: '2026-11-26T10:30:00.000Z', kind: 'update', note: 'Added the final vote count.', editor: 'Ada Editor' },
  { number: 3, createdAt: '2026-11-27T08:15:00.000Z', kind: 'correction', note: 'The meeting was on Wednesday, not Tuesday.', editor: 'Bo Desk' },
  { number: 4, createdAt: '2026-11-28T12:00:00.000Z', kind: 'redaction', note: 'Removed a name by court order.', editor: 'Legal' },
];

function page(compare: Parameters<typeof historyPage>[1]['compare'] = null, revs = revisions): string {
  return historyPage(ctx, { article, revisions: revs, compare });
}

describe('historyPage', () => {
  it('is a full page titled after the article, canonical at its history address', () => {
    const out = page();
    expect(out).toMatch(/^<!doctype html>/);
    expect(out).toContain('<title>History: Council &lt;em&gt;votes&lt;/em&gt; on budget — Samizdat</title>');
    expect(out).toContain('<link rel="canonical" href="https://news.example/2026/11/council-budget/history">');
    expect(out).not.toContain('noindex');
    expect(out).toContain('<h1>History: Council &lt;em&gt;votes&lt;/em&gt; on budget</h1>');
    expect(out).toContain('<a href="/2026/11/council-budget">Back to the article</a>');
  });

  it('lists the revisions newest first with date, kind, note and editor', () => {
    // Given oldest first; shown newest first.
    const out = page();
    const list = out.slice(out.indexOf('<ol class="revision-list"'), out.indexOf('</ol>'));
    const order = [...list.matchAll(/id="revision-(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual([4, 3, 2, 1]);
    expect(list).toContain('<strong class="revision__kind">Correction</strong>');
    expect(list).toContain('<strong class="revision__kind">Update</strong>');
    expect(list).toContain('<strong class="revision__kind">Redaction</strong>');
    expect(list).toContain('<strong class="revision__kind">Published</strong>');
    // To the minute: a correction may come the same day as the story.
    expect(list).toContain('<time datetime="2026-11-27T08:15:00.000Z">27 November 2026 at 08:15</time>');
    expect(list).toContain('<p class="revision__note">The meeting was on Wednesday, not Tuesday.</p>');
    expect(list).toContain('by Bo Desk');
    // Each revision links to its comparison with the one before; the first has none.
    expect(list).toContain('<a href="/2026/11/council-budget/history?from=2&amp;to=3">Compare with revision 2</a>');
    expect(list.match(/Compare with revision/g)).toHaveLength(3);
  });

  it('has a labelled GET form that compares any two revisions', () => {
    const out = page();
    expect(out).toContain('<form class="compare-form" action="/2026/11/council-budget/history" method="get">');
    expect(out).toContain('<label for="compare-from">From revision</label>');
    expect(out).toContain('<select id="compare-from" name="from">');
    expect(out).toContain('<label for="compare-to">To revision</label>');
    expect(out).toContain('<select id="compare-to" name="to">');
    expect(out).toContain('<button type="submit">Compare</button>');
    expect(out.match(/<option value="\d+"/g)).toHaveLength(8);
    // Without a comparison, the latest change is preselected.
    expect(out).toContain('<option value="3" selected>3 — Correction, 27 November 2026 at 08:15</option>');
    expect(out).toContain('<option value="4" selected>4 — Redaction, 28 November 2026 at 12:00</option>');
  });

  it('shows no compare form when there is only one revision', () => {
    const out = page(null, revisions.slice(0, 1));
    expect(out).not.toContain('<form class="compare-form"');
    expect(out).toContain('id="revision-1"');
  });

  it('shows the requested comparison with its word counts and keeps it selected in the form', () => {
    const parts = wordDiff('The council met on Tuesday.', 'The council met on Wednesday.');
    const out = page({ from: 2, to: 3, parts });
    expect(out).toContain('<h2 id="changes-heading" class="block-heading">Changes from revision 2 to revision 3</h2>');
    expect(out).toContain('<p class="diff__stats">1 word added, 1 word removed</p>');
    expect(out).toContain('<del><span class="visually-hidden">removed: </span>Tuesday</del>');
    expect(out).toContain('<ins><span class="visually-hidden">added: </span>Wednesday</ins>');
    expect(out).toContain('<option value="2" selected>');
    expect(out).toContain('<option value="3" selected>');
    expect(out.match(/ selected>/g)).toHaveLength(2);
    expect(page()).not.toContain('Changes from revision');
  });

  it('keeps its headings in order: one h1, then h2 sections', () => {
    const out = page({ from: 1, to: 4, parts: wordDiff('a b', 'a c') });
    const main = out.slice(out.indexOf('<main'), out.indexOf('</main>'));
    const levels = [...main.matchAll(/<h([1-6])/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    expect(levels.filter((l) => l === 1)).toHaveLength(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1]).toBeLessThanOrEqual(1);
    expect(main).toContain('Compare revisions</h2>');
    expect(main).toContain('Revisions</h2>');
  });

  it('escapes notes, editors and article text', () => {
    const evil: RevisionSummary[] = [
      ...revisions.slice(0, 1),
      {
        number: 2,
        createdAt: '2026-11-26T10:30:00.000Z',
        kind: 'correction',
        note: '<script>alert("note")</script><img src=x onerror=alert(1)>',
        editor: '"><b>Mallory</b>',
      },
    ];
    const out = historyPage(ctx, {
      article: { title: '</title><script>alert(1)</script>', path: '/2026/11/x' },
      revisions: evil,
      compare: { from: 1, to: 2, parts: wordDiff('safe', '<script>alert(2)</script>') },
    });
    expect(out).not.toMatch(/<script>alert|<img src=x|<b>Mallory|<\/title><script/);
    expect(out).toContain('&lt;script&gt;alert(&quot;note&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('by &quot;&gt;&lt;b&gt;Mallory&lt;/b&gt;');
  });
});

describe('correctionNotes', () => {
  const history = '/2026/11/council-budget/history';

  it('lists corrections, updates and redactions newest first, with a link to the history', () => {
    const out = correctionNotes(
      [
        { kind: 'update', note: 'Added the final vote count.', createdAt: '2026-11-26T10:30:00.000Z' },
        { kind: 'redaction', note: 'a name was removed by court order', createdAt: '2026-11-28T12:00:00.000Z' },
        { kind: 'correction', note: 'The meeting was on Wednesday, not Tuesday.', createdAt: '2026-11-27T08:15:00.000Z' },
      ],
      ctx,
      history,
    ).value;
    expect(out).toMatch(/^<aside class="revision-notes" aria-label="Corrections and updates">/);
    const text = out.replace(/<[^>]+>/g, '');
    expect(text).toContain('Correction, 27 November 2026 at 08:15: The meeting was on Wednesday, not Tuesday.');
    expect(text).toContain('Updated 26 November 2026 at 10:30: Added the final vote count.');
    expect(text).toContain('Redacted 28 November 2026 at 12:00: a name was removed by court order');
    expect(text.indexOf('Redacted')).toBeLessThan(text.indexOf('Correction'));
    expect(text.indexOf('Correction')).toBeLessThan(text.indexOf('Updated'));
    expect(out).toContain('<time datetime="2026-11-27T08:15:00.000Z">27 November 2026 at 08:15</time>');
    expect(out).toContain(`<a href="${history}">See the article&#39;s history</a>`);
  });

  it('ends with a full stop when there is no note', () => {
    const out = correctionNotes([{ kind: 'update', note: '', createdAt: '2026-11-26T10:30:00.000Z' }], ctx, history).value;
    expect(out.replace(/<[^>]+>/g, '')).toContain('Updated 26 November 2026 at 10:30.');
  });

  it('escapes the note', () => {
    const out = correctionNotes(
      [{ kind: 'correction', note: '<script>alert(1)</script>', createdAt: '2026-11-27T08:15:00.000Z' }],
      ctx,
      history,
    ).value;
    expect(out).not.toContain('<script>');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('gives the time in the site\'s time zone', () => {
    const berlin: ViewContext = { ...ctx, settings: settingsSchema.parse({ timezone: 'Europe/Berlin' }) };
    const out = correctionNotes([{ kind: 'correction', note: 'x', createdAt: '2026-11-27T08:15:00.000Z' }], berlin, history).value;
    expect(out).toContain('<time datetime="2026-11-27T08:15:00.000Z">27 November 2026 at 09:15</time>');
  });

  it('renders nothing when there is nothing to declare', () => {
    expect(correctionNotes([], ctx, history).value).toBe('');
  });

  it('follows the language of the site, date and all', () => {
    const fr: ViewContext = { ...ctx, settings: settingsSchema.parse({ language: 'fr', locale: 'fr-FR' }) };
    const out = correctionNotes([{ kind: 'correction', note: 'La réunion avait lieu mercredi.', createdAt: '2026-11-27T08:15:00.000Z' }], fr, history).value;
    expect(out).toContain('<aside class="revision-notes" aria-label="Corrections et mises à jour">');
    expect(out).toContain('<strong>Correction du <time datetime="2026-11-27T08:15:00.000Z">27 novembre 2026 à 08:15</time>\u00a0:</strong> La réunion avait lieu mercredi.');
    expect(out).toContain(`<a href="${history}">Voir l’historique de l’article</a>`);
  });
});
