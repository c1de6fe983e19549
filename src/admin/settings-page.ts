import { EVERYTHING } from '../cache/page-cache.ts';
import { SETTINGS } from '../settings/settings.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { accentProblem } from '../lib/contrast.ts';
import { LANGUAGES, type Language } from '../i18n/strings.ts';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import type { SiteSettings } from '../settings/settings.ts';
import { hasDemo } from '../demo/remove-demo.ts';
import { currentZoneName, isTimeZone, TIME_ZONES } from '../lib/time-zones.ts';
import { adminContext } from './admin-context.ts';
import { COMMENT_FIELDS, commentSettingsAsForm, commentSettingsFieldset, commentSettingsValues } from './comment-settings.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';

/** Locales for dates; the words of the reader's site follow the interface language. */
const LOCALES = ['en-IE', 'en-GB', 'en-US', 'en-AU', 'en-CA', 'fr-FR', 'fr-BE', 'de-DE', 'de-AT', 'es-ES'] as const;

/** "Label | https://…" lines, one a line: simple to type, no JavaScript needed. */
const pairs = (what: string, example: string, absoluteOnly = false) =>
  z.string().max(4000).transform((text, ctx) => {
    const out: [string, string][] = [];
    for (const line of text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)) {
      const [label, url] = line.split('|').map((p) => p.trim());
      const shape = absoluteOnly ? /^https?:\/\/[^\s/]+[^\s]*$/ : /^(https?:\/\/[^\s/]+|\/(?![/\\]))[^\s]*$/;
      if (!label || !url || !shape.test(url) || (absoluteOnly && !URL.canParse(url))) {
        ctx.addIssue({ code: 'custom', message: `Each ${what} line is "Label | address", e.g. "${example}". Check: ${line}` });
        return z.NEVER;
      }
      out.push([label, url]);
    }
    return out;
  });

const settingsForm = z.object({
  site_name: z.string().trim().min(1, 'The site needs a name.').max(80),
  site_description: z.string().trim().max(200).default(''),
  accent_colour: z.string().superRefine((c, ctx) => {
    const problem = accentProblem(c);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  timezone: z.string().refine((t) => isTimeZone(t), 'Choose a time zone from the list.'),
  locale: z.enum(LOCALES, { error: 'Choose a date style from the list.' }),
  language: z.enum(Object.keys(LANGUAGES) as [Language, ...Language[]], { error: 'Choose a language from the list.' }).default('en'),
  nav: pairs('menu', 'About | /about'),
  // Social accounts live on other sites: a full https:// address.
  social: pairs('social account', 'Mastodon | https://example.social/@news', true),
  logo: z.preprocess((v) => (v === '' || v === undefined ? null : v), z.coerce.number().int().positive().nullable()),
  ...COMMENT_FIELDS,
});

type Errors = Partial<Record<keyof z.infer<typeof settingsForm>, string>>;

async function page(s: Services, req: FastifyRequest, reply: FastifyReply, v: Record<string, unknown>, errors: Errors, message?: string) {
  const a = adminContext(s, req, reply);
  const media = await s.db.kysely.selectFrom('media').select(['id', 'slug', 'alt']).orderBy('created_at', 'desc').limit(500).execute();
  // The menu can link to any page the newsroom has published (/about): offered as lines to copy.
  const pages = await s.pages.menuSuggestions();
  const err = (k: keyof Errors) => (errors[k] ? html`<p class="field-error">${errors[k]}</p>` : '');
  const main = html`<h1>Site settings</h1>
${flash(message)}${Object.keys(errors).length ? flash('Some settings need attention; see below.', 'error') : ''}
<form method="post" action="/admin/settings">
${csrfField(a.csrf)}
<div class="field"><label for="f-site_name">Site name</label><input id="f-site_name" name="site_name" value="${String(v.site_name ?? '')}" required maxlength="80">${err('site_name')}</div>
<div class="field"><label for="f-site_description">Description</label><input id="f-site_description" name="site_description" value="${String(v.site_description ?? '')}" maxlength="200">${err('site_description')}</div>
<div class="field"><label for="f-logo">Logo</label><select id="f-logo" name="logo"><option value="">The default lantern</option>${media.map((m) => html`<option value="${m.id}"${String(m.id) === String(v.logo ?? '') ? html` selected` : ''}>${m.slug} — ${m.alt}</option>`)}</select>
<p class="hint">Upload it in the media library first. It is shown 32 pixels high beside the name.</p>${err('logo')}</div>
<div class="field"><label for="f-accent_colour">Accent colour</label><input id="f-accent_colour" name="accent_colour" type="color" value="${String(v.accent_colour ?? '#b3261e')}">${err('accent_colour')}</div>
<div class="field"><label for="f-timezone">Time zone</label><select id="f-timezone" name="timezone">${TIME_ZONES.map((t) => html`<option${t === currentZoneName(String(v.timezone ?? '')) ? html` selected` : ''}>${t}</option>`)}</select>${err('timezone')}</div>
<div class="field"><label for="f-language">Language of the reader's site</label><select id="f-language" name="language">${Object.entries(LANGUAGES).map(([code, name]) => html`<option value="${code}"${code === v.language ? html` selected` : ''}>${name}</option>`)}</select>${err('language')}
<p class="hint">The site's own words (menus, buttons, labels, error pages, article histories, reader account pages and the sign-in mail) and its declared language. Articles are shown as written; the newsroom stays in English.</p></div>
<div class="field"><label for="f-locale">Date style</label><select id="f-locale" name="locale">${LOCALES.map((l) => html`<option${l === v.locale ? html` selected` : ''}>${l}</option>`)}</select>${err('locale')}
<p class="hint">How dates are written on the site.</p></div>
<div class="field"><label for="f-nav">Extra menu links</label><p class="hint">One a line: Label | address. Sections are in the menu already.</p>${pages.length ? html`<p class="hint" id="hint-nav-pages">Your published pages: ${pages.map((p, i) => html`${i ? ' · ' : ''}<code>${p.label} | ${p.url}</code>`)}</p>` : ''}<textarea id="f-nav" name="nav" rows="4">${String(v.nav ?? '')}</textarea>${err('nav')}</div>
<div class="field"><label for="f-social">Social accounts</label><p class="hint">One a line: Name | https://… (shown in the footer).</p><textarea id="f-social" name="social" rows="4">${String(v.social ?? '')}</textarea>${err('social')}</div>
${commentSettingsFieldset(v, err)}
<p><button type="submit">Save settings</button></p>
</form>
${(await hasDemo(s.db.kysely)) ? html`<section class="danger-zone" aria-labelledby="h-demo"><h2 id="h-demo">The demo content</h2>
<p><a href="/admin/demo">Remove the demo outlet</a> (its articles, writers, sections and pictures) and nothing else.</p></section>` : ''}`;
  return reply.code(Object.keys(errors).length ? 422 : 200).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Settings', main));
}

function asForm(st: SiteSettings): Record<string, unknown> {
  return {
    ...st,
    nav: st.nav.map((n) => `${n.label} | ${n.url}`).join('\n'),
    social: Object.entries(st.social).map(([k, u]) => `${k} | ${u}`).join('\n'),
    logo: st.publisher_logo_media_id ?? '',
    ...commentSettingsAsForm(st),
  };
}

export function showSettings(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) =>
    page(s, req, reply, asForm(s.settings.get()), {}, (req.query as { saved?: string }).saved ? 'Settings saved.' : undefined);
}

export function saveSettings(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const parsed = settingsForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors: Errors = {};
      for (const i of parsed.error.issues) errors[i.path[0] as keyof Errors] ??= i.message;
      return page(s, req, reply, (req.body ?? {}) as Record<string, unknown>, errors);
    }
    const d = parsed.data;
    if (d.logo !== null && !(await s.db.kysely.selectFrom('media').select('id').where('id', '=', d.logo).executeTakeFirst())) {
      return page(s, req, reply, (req.body ?? {}) as Record<string, unknown>, { logo: 'Choose the logo from the media library.' });
    }
    await s.settings.save({
      site_name: d.site_name, site_description: d.site_description, accent_colour: d.accent_colour.toLowerCase(),
      timezone: currentZoneName(d.timezone), locale: d.locale, language: d.language,
      nav: d.nav.map(([label, url]) => ({ label, url })),
      social: Object.fromEntries(d.social),
      publisher_logo_media_id: d.logo,
      ...commentSettingsValues(d),
    });
    // Every page shows the name and menu: drop caches here and on every other app server.
    await s.changes.changed([SETTINGS, EVERYTHING]);
    return reply.redirect('/admin/settings?saved=1', 303);
  };
}
