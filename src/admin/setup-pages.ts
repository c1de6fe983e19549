import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { afterRemoval, describeRemoval, hasDemo, NO_DEMO, removeDemo } from '../demo/remove-demo.ts';
import { LANGUAGES, type Language } from '../i18n/strings.ts';
import { type Html, html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { SETTINGS } from '../settings/settings.ts';
import { currentZoneName, isTimeZone, TIME_ZONES } from '../lib/time-zones.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { field, type FieldErrors } from './form-fields.ts';

/**
 * The first-run page of a site that starts empty (asks for the name, language,
 * time zone and first section, then leaves the rest to the newsroom), and the
 * owner's button that removes the demo outlet.
 */

/** The date style that goes with each language, until the owner picks another in Settings. */
const LOCALE_FOR: Record<Language, string> = { en: 'en-IE', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

const setupForm = z.object({
  site_name: z.string().trim().min(1, 'Give the site a name.').max(80, 'Keep the name to 80 characters or fewer.'),
  language: z.enum(Object.keys(LANGUAGES) as [Language, ...Language[]], { error: 'Choose a language from the list.' }),
  timezone: z.string().refine((t) => isTimeZone(t), 'Choose a time zone from the list.'),
  section: z.string().trim().min(1, 'Name the first section, for example “News”.').max(60, 'Keep the name to 60 characters or fewer.'),
});

/** Whether the site still needs its first-run page: it has no section to file an article in. */
export async function needsSetup(s: Services): Promise<boolean> {
  return (await s.taxonomy.sectionCount()) === 0;
}

function setupPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, v: Record<string, unknown>, errors: FieldErrors): FastifyReply {
  const a = adminContext(s, req, reply);
  const val = (k: string, fallback = '') => String(v[k] ?? fallback);
  const main = html`<h1>Set up your site</h1>
<p>Four things, and you can publish. Everything else — more sections, the menu, your logo and colour, your staff — is in the newsroom afterwards.</p>
${Object.values(errors).some(Boolean) ? flash('Some answers need attention; see below.', 'error') : ''}
<form method="post" action="/admin/setup">${csrfField(a.csrf)}
${field('site_name', 'The site’s name', html`<input id="f-site_name" name="site_name" required maxlength="80" value="${val('site_name')}">`, errors)}
${field('language', 'Language of the site', html`<select id="f-language" name="language">${Object.entries(LANGUAGES).map(([code, name]) => html`<option value="${code}"${code === val('language', 'en') ? html` selected` : ''}>${name}</option>`)}</select>`, errors, 'The words of menus, buttons and notices readers see. The newsroom stays in English.')}
${field('timezone', 'Time zone', html`<select id="f-timezone" name="timezone">${TIME_ZONES.map((t) => html`<option${t === currentZoneName(val('timezone', 'Europe/Dublin')) ? html` selected` : ''}>${t}</option>`)}</select>`, errors, 'Publication times are shown, and scheduled, in this zone.')}
${field('section', 'First section', html`<input id="f-section" name="section" required maxlength="60" value="${val('section')}" placeholder="News">`, errors, 'Every article is filed in a section; the sections are the site’s menu.')}
<p><button type="submit">Save and start</button></p>
</form>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Set up your site', main));
}

export function showSetup(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(await needsSetup(s))) return reply.redirect('/admin', 303);
    return setupPage(s, req, reply, 200, { site_name: '' }, {});
  };
}

export function saveSetup(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (!(await needsSetup(s))) return reply.redirect('/admin', 303);
    const parsed = setupForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      const errors: FieldErrors = {};
      for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
      return setupPage(s, req, reply, 422, (req.body ?? {}) as Record<string, unknown>, errors);
    }
    const d = parsed.data;
    await s.settings.save({ site_name: d.site_name, language: d.language, locale: LOCALE_FOR[d.language], timezone: currentZoneName(d.timezone) });
    const created = await s.taxonomy.createSection({ name: d.section, description: '', imageMediaId: null });
    if (!created.ok) return setupPage(s, req, reply, 422, d, { section: Object.values(created.problems)[0] });
    await s.changes.changed([SETTINGS]);
    return reply.redirect('/admin?done=setup', 303);
  };
}

// ---- removing the demo ----

export function showDemoRemoval(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => demoPage(s, req, reply, 200, (await hasDemo(s.db.kysely)) ? undefined : html`<p role="status">${NO_DEMO}</p>`);
}

function demoPage(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, result?: Html, error?: string): FastifyReply {
  const a = adminContext(s, req, reply);
  const main = html`<h1>The demo content</h1>
${flash(error, 'error')}
${result ?? html`<p>The site started with the demo outlet: its articles, writers, sections and pictures. Removing it takes away exactly those and nothing else. A demo section, writer or picture that your own articles now use is kept, and you are told which.</p>
<form method="post" action="/admin/demo/remove">${csrfField(a.csrf)}
<p><label><input type="checkbox" name="confirm" value="yes" required> Yes, remove the demo content</label></p>
<p><button type="submit" class="danger">Remove the demo content</button></p>
</form>`}
<p><a href="/admin">Back to the dashboard</a></p>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'The demo content', main));
}

export function removeDemoContent(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if ((req.body as { confirm?: string } | undefined)?.confirm !== 'yes') return demoPage(s, req, reply, 422, undefined, 'Tick the box to confirm.');
    const r = await removeDemo(s.db, s.media.current(), s.changes);
    if (!r.found) return demoPage(s, req, reply, 200, html`<p role="status">${NO_DEMO}</p>`);
    const next = afterRemoval(r);
    const result = html`<p role="status" class="flash">Removed ${describeRemoval(r.removed)}.</p>
${r.kept.length ? html`<p>Kept, because your own content uses them:</p><ul>${r.kept.map((k) => html`<li>${k}</li>`)}</ul>` : ''}
${next ? html`<p>${next.text} Removing the demo leaves the site’s settings as they are: <a href="${next.href}">change that in ${next.where}</a>.</p>` : ''}`;
    return demoPage(s, req, reply, 200, result);
  };
}
