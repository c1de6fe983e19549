import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../render/html.ts';
import type { Services } from '../services.ts';
import { SETTINGS } from '../settings/settings.ts';
import { adminContext } from './admin-context.ts';
import { adminLayout, csrfField, flash } from './admin-layout.ts';
import { type FieldErrors, field } from './form-fields.ts';
import { moderationNav } from './moderation-views.ts';

/**
 * /admin/moderation/reasons (capability `manage_settings`): the reasons
 * moderators choose from — a site setting, as the site's policy is the owner's
 * to write. Past decisions keep the words they were taken with.
 */

const MAX_REASONS = 30;
const MAX_LENGTH = 120;

type Lists = { remove: string[]; keep: string[] };

/** One reason a line; blank lines and repeats dropped. Returns the list, or what is wrong with it. */
export function parseReasons(text: string): string[] | string {
  const lines = [...new Set(text.split(/\r?\n/).map((l) => l.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (!lines.length) return 'Give at least one reason.';
  if (lines.length > MAX_REASONS) return `No more than ${MAX_REASONS} reasons.`;
  const long = lines.find((l) => [...l].length > MAX_LENGTH);
  if (long) return `Keep each reason under ${MAX_LENGTH} characters: “${long.slice(0, 40)}…”`;
  return lines;
}

async function page(s: Services, req: FastifyRequest, reply: FastifyReply, status: number, v: { remove: string; keep: string }, errors: FieldErrors, message?: string) {
  const a = adminContext(s, req, reply);
  const main = html`<h1>Moderation reasons</h1>
${moderationNav(a, 0)}
${flash(message)}${Object.keys(errors).length ? flash('The reasons need attention; see below.', 'error') : ''}
<p>Every moderation decision needs a reason from these lists; the reason is shown in the public moderation log, and a removed comment’s marker says “Removed by the moderators: <em>reason</em>”. Readers choose from the first list when they report a comment. One reason a line.</p>
<form method="post" action="/admin/moderation/reasons">${csrfField(a.csrf)}
${field('remove', 'Why a comment goes', html`<textarea id="f-remove" name="remove" rows="8" aria-describedby="hint-remove">${v.remove}</textarea>`, errors, 'For removals, bans, appeals turned down, and readers’ reports.')}
${field('keep', 'Why a comment stays', html`<textarea id="f-keep" name="keep" rows="6" aria-describedby="hint-keep">${v.keep}</textarea>`, errors, 'For approvals, reported comments kept, bans lifted and appeals granted.')}
<p><button type="submit">Save the reasons</button></p>
</form>`;
  return reply.code(status).type('text/html; charset=utf-8').send(adminLayout(s.assets, a, 'Moderation reasons', main));
}

export function showReasons(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const r = s.settings.get().moderation_reasons;
    const saved = (req.query as { done?: string }).done === 'reasons';
    return page(s, req, reply, 200, { remove: r.remove.join('\n'), keep: r.keep.join('\n') }, {}, saved ? 'Reasons saved.' : undefined);
  };
}

export function saveReasons(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const typed = { remove: String(body.remove ?? '').slice(0, 20_000), keep: String(body.keep ?? '').slice(0, 20_000) };
    const lists: Partial<Lists> = {};
    const errors: FieldErrors = {};
    for (const k of ['remove', 'keep'] as const) {
      const parsed = parseReasons(typed[k]);
      if (typeof parsed === 'string') errors[k] = parsed;
      else lists[k] = parsed;
    }
    if (Object.keys(errors).length) return page(s, req, reply, 422, typed, errors);
    await s.settings.save({ moderation_reasons: lists as Lists });
    // Only the newsroom and the report form show the lists, and neither is cached: the other servers read the settings again.
    await s.changes.changed([SETTINGS]);
    return reply.redirect('/admin/moderation/reasons?done=reasons', 303);
  };
}
