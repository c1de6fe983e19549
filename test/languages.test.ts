import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, asRole } from './helpers/agent.ts';
import { DATABASES } from './helpers/databases.ts';
import { asReader, fromAddress, mailTo, nextAddress } from './helpers/reader.ts';
import { startTestSite, type TestSite } from './helpers/site.ts';
import { type SmtpCapture, startSmtpCapture } from './helpers/smtp.ts';

/**
 * The pages beyond the site's chrome that follow the language setting: error
 * pages, an article's history and notes, the reader's account pages and the
 * sign-in mail. The newsroom stays in English whatever the setting.
 */
describe.each(DATABASES)('the reader’s site in another language on %s', (kind) => {
  let site: TestSite;
  let smtp: SmtpCapture;
  let owner: Awaited<ReturnType<typeof asRole>>;
  /** An article published, then corrected once. */
  let corrected: string;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    site = await startTestSite(kind, { env: { SMTP_URL: smtp.url, TRUST_PROXY: '127.0.0.1' } });
    owner = await asRole(site, 'owner');
    corrected = await publishWithCorrection(site);
    await setLanguage('fr');
  });
  afterAll(async () => {
    await site?.close();
    await smtp?.close();
  });

  /** Through the settings form, as an owner does it, keeping every other setting. */
  async function setLanguage(language: string) {
    const s = site.services.settings.get();
    await owner.get('/admin/settings');
    const res = await owner.post('/admin/settings', {
      site_name: s.site_name, site_description: s.site_description, accent_colour: s.accent_colour,
      timezone: s.timezone, locale: language === 'en' ? 'en-IE' : `${language}-${language.toUpperCase()}`, language,
      nav: s.nav.map((n) => `${n.label} | ${n.url}`).join('\n'),
      social: Object.entries(s.social).map(([k, v]) => `${k} | ${v}`).join('\n'),
      logo: s.publisher_logo_media_id ? String(s.publisher_logo_media_id) : '',
    });
    expect(res.status).toBe(303);
  }

  let n = 0;
  const freshEmail = () => `lecteur${++n}.${kind}@readers.test`;

  it('shows the 404 page in French, and keeps JSON answers in English', async () => {
    const res = await site.text('/cette-page-n-existe-pas');
    expect(res.status).toBe(404);
    expect(res.body).toContain('<html lang="fr">');
    expect(res.body).toContain('<title>Page introuvable — ');
    expect(res.body).toContain('<p class="kicker">Erreur 404</p>');
    expect(res.body).toContain('<h1>Page introuvable</h1>');
    expect(res.body).toContain('Nous n’avons pas trouvé cette page. Elle a peut-être été déplacée, ou l’adresse est mal saisie.');
    expect(res.body).toContain('Rechercher plutôt sur le site');
    expect(res.body).not.toContain('Page not found');

    const json = await site.fetch('/cette-page-n-existe-pas', { headers: { accept: 'application/json' } });
    expect((await json.json()).error).toMatchObject({ status: 404, title: 'Page not found' });
  });

  it('says in French that a page number is out of range or malformed', async () => {
    for (const path of ['/section/news?page=999', '/search?q=harbour&page=999']) {
      const res = await site.text(path);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toContain('<h1>Page introuvable</h1>');
      expect(res.body, path).toContain('Il n’existe pas de page portant ce numéro.');
      expect(res.body, path).not.toContain('There is no page with that number.');
    }
    const malformed = await site.text('/section/news?page=deux');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toContain('<h1>Requête incorrecte</h1>');
    expect(malformed.body).toContain('Le numéro de page doit être un nombre entier compris entre 1 et 100\u00a0000.');
    const repeated = await site.text('/section/news?page=1&page=2');
    expect(repeated.status).toBe(400);
    expect(repeated.body).toContain('Le paramètre «\u00a0page\u00a0» figure plusieurs fois.');
    const long = await site.text(`/search?q=${'a'.repeat(201)}`);
    expect(long.status).toBe(400);
    expect(long.body).toContain('Votre recherche ne peut pas dépasser 200 caractères.');
  });

  it('shows an article’s correction note and its history in French', async () => {
    const article = (await site.text(corrected)).body;
    expect(article).toContain('<aside class="revision-notes" aria-label="Corrections et mises à jour">');
    expect(article).toMatch(/<strong>Correction du <time datetime="[^"]+">\d+ [a-zéû]+ \d{4} à \d{2}:\d{2}<\/time>\u00a0:<\/strong> An earlier version gave the wrong cost\./);
    expect(article).toContain('Voir l’historique de l’article</a>');

    const history = await site.text(`${corrected}/history`);
    expect(history.status).toBe(200);
    expect(history.body).toContain('<h1>Historique\u00a0: Pier repairs to cost four million</h1>');
    expect(history.body).toContain('Toutes les modifications apportées à cet article depuis sa publication');
    expect(history.body).toContain('Retour à l’article</a>');
    expect(history.body).toContain('<h2 id="compare-heading" class="block-heading">Comparer deux versions</h2>');
    expect(history.body).toContain('<label for="compare-from">De la version</label>');
    expect(history.body).toContain('<button type="submit">Comparer</button>');
    expect(history.body).toContain('<strong class="revision__kind">Publication</strong> · Version 1 · ');
    expect(history.body).toContain('<strong class="revision__kind">Correction</strong> · Version 2 · ');
    expect(history.body).toContain('Comparer avec la version 1</a>');
    expect(history.body).not.toMatch(/Compare revisions|Revision \d|Back to the article/);

    const diff = (await site.text(`${corrected}/history?from=1&to=2`)).body;
    expect(diff).toContain('Modifications de la version 1 à la version 2</h2>');
    expect(diff).toContain('<p class="diff__stats">1 mot ajouté, 1 mot supprimé</p>');
    expect(diff).toContain('<del><span class="visually-hidden">supprimé\u00a0: </span>four</del>');

    const wrong = await site.text(`${corrected}/history?from=1&to=9`);
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('Choisissez deux versions de cet article à comparer.');
  });

  it('shows the account pages and sends the sign-in mail in French', async () => {
    const agent = new Agent(fromAddress(site, nextAddress()));
    const form = await agent.get('/account/sign-in');
    expect(form.body).toContain('<h1>Se connecter</h1>');
    expect(form.body).toContain('<label for="account-email">Adresse e-mail</label>');
    expect(form.body).toContain('<button type="submit">Recevoir un lien de connexion</button>');
    expect(form.body).toContain('pendant 30 jours');

    const bad = await agent.post('/account/sign-in', { email: 'pas une adresse' });
    expect(bad.status).toBe(422);
    expect(bad.body).toContain('Saisissez une adresse e-mail du type nom@example.org.');

    const email = freshEmail();
    const since = smtp.messages.length;
    const sent = await agent.post('/account/sign-in', { email });
    expect(sent.body).toContain('<h1>Consultez votre messagerie</h1>');
    expect(sent.body).toContain('si l’adresse est correcte, un lien de connexion est en route.');
    const mail = await mailTo(smtp, email, since);
    expect(mail.subject).toBe('Votre lien de connexion à The Lantern');
    expect(mail.text).toContain('Bonjour,');
    expect(mail.text).toContain('Il ne sert qu’une fois, dans les 20 minutes\u00a0:');

    // Signed out, a form from this site: 401 in French. A form from elsewhere: 403 in French.
    const late = await agent.post('/account/name', { name: 'Trop tard' });
    expect(late.status).toBe(401);
    expect(late.body).toContain('<h1>Session terminée</h1>');
    const forged = await agent.post('/account/name', { name: 'Faux' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('Ce formulaire a expiré ou ne provient pas de ce site.');

    const reader = await asReader(site, smtp, freshEmail());
    const account = await reader.get('/account');
    expect(account.body).toContain('<h1>Votre compte</h1>');
    expect(account.body).toContain(`Session ouverte avec l’adresse <strong>${reader.email}</strong>.`);
    expect(account.body).toContain('<button type="submit" class="account-danger">Supprimer mon compte et mes données</button>');
    const blank = await reader.post('/account/name', { name: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.body).toContain('Saisissez un nom\u00a0: il apparaît avec vos commentaires.');
    const saved = await reader.post('/account/name', { name: 'Aurélie' });
    expect((await reader.get(saved.location!)).body).toContain('Votre nom est enregistré.');
    const unticked = await reader.post('/account/delete', {});
    expect(unticked.body).toContain('Cochez la case pour confirmer que vous voulez supprimer votre compte.');
  });

  it('keeps the newsroom’s error pages in English', async () => {
    const editor = await asRole(site, 'editor');
    const refused = await editor.get('/admin/settings');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('<html lang="en">');
    expect(refused.body).toContain('<p class="kicker">Error 403</p>');
    expect(refused.body).toContain('<h1>Not allowed</h1>');
    expect(refused.body).toContain('You do not have permission to do that.');
    // In the newsroom's own frame, not the public site's.
    expect(refused.body).toContain('class="admin-header"');
    expect(refused.body).not.toContain('class="site-header"');
    expect(refused.body).toContain('Back to the newsroom');

    const missing = await editor.get('/admin/articles/999999/edit');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<h1>Page not found</h1>');
    expect(missing.body).toContain('We could not find that page.');
    expect(missing.body).not.toMatch(/introuvable|Erreur|Rechercher/);

    const nowhere = await site.text('/admin/nowhere');
    expect(nowhere.status).toBe(404);
    expect(nowhere.body).toContain('<h1>Page not found</h1>');

    const forged = await site.text('/admin/articles', { method: 'POST', body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(forged.status).toBe(403);
    expect(forged.body).toContain('This form has expired or did not come from this site.');
  });

  it.each([
    ['de', { notFound: 'Seite nicht gefunden', pageNumber: 'Eine Seite mit dieser Nummer gibt es nicht.', compare: 'Versionen vergleichen', note: 'Korrektur vom ', signIn: 'Anmeldelink zusenden', subject: 'Ihr Anmeldelink für The Lantern' }],
    ['es', { notFound: 'Página no encontrada', pageNumber: 'No hay ninguna página con ese número.', compare: 'Comparar versiones', note: 'Corrección del ', signIn: 'Enviarme un enlace de acceso', subject: 'Tu enlace de acceso a The Lantern' }],
  ])('follows the setting in %s too', async (language, words) => {
    await setLanguage(language);
    try {
      expect((await site.text('/nowhere')).body).toContain(`<h1>${words.notFound}</h1>`);
      expect((await site.text('/section/news?page=999')).body).toContain(words.pageNumber);
      expect((await site.text(`${corrected}/history`)).body).toContain(words.compare);
      expect((await site.text(corrected)).body).toContain(`<strong>${words.note}<time`);
      const agent = new Agent(fromAddress(site, nextAddress()));
      expect((await agent.get('/account/sign-in')).body).toContain(`<button type="submit">${words.signIn}</button>`);
      const email = freshEmail();
      const since = smtp.messages.length;
      await agent.post('/account/sign-in', { email });
      expect((await mailTo(smtp, email, since)).subject).toBe(words.subject);
      expect((await site.text('/admin/nowhere')).body).toContain('<h1>Page not found</h1>');
    } finally {
      await setLanguage('fr');
    }
  });
});

/** Publishes an article through the newsroom and corrects it once; returns its path. */
async function publishWithCorrection(site: TestSite): Promise<string> {
  const db = site.services.db.kysely;
  const sectionId = String((await db.selectFrom('sections').select('id').where('slug', '=', 'news').executeTakeFirstOrThrow()).id);
  const draft = (body_md: string, extra: Record<string, string> = {}) => ({
    title: 'Pier repairs to cost four million', standfirst: 'A standfirst.', section_id: sectionId, tags: 'harbour', body_md, ...extra,
  });
  const editor = await asRole(site, 'editor');
  await editor.get('/admin/articles/new');
  const created = await editor.post('/admin/articles', draft('The repairs will cost four million euro.', { action: 'publish' }));
  const id = /\/admin\/articles\/(\d+)\/edit/.exec(created.location!)![1];
  await editor.get(`/admin/articles/${id}/edit`);
  const corrected = await editor.post(`/admin/articles/${id}`, draft('The repairs will cost six million euro.', {
    change_kind: 'correction', change_note: 'An earlier version gave the wrong cost.',
  }));
  expect(corrected.status).toBe(303);
  return (await db.selectFrom('articles').select('path').where('id', '=', Number(id)).executeTakeFirstOrThrow()).path!;
}
