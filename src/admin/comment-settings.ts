import { z } from 'zod';
import { type Html, html } from '../render/html.ts';
import type { SiteSettings } from '../settings/settings.ts';

/**
 * The "Comments" part of the site settings page: who may comment, when threads
 * close, how deep replies nest, the order, and the spam measures. Its fields
 * join the settings form's schema; docs/comments.md explains each.
 */

// A field missing from the post keeps its setting; an emptied one is a mistake to point out, not a zero.
const whole = (label: string, min: number, max: number) => z.preprocess((v) => (v === '' ? Number.NaN : v),
  z.coerce.number({ error: `${label}: enter a whole number.` }).int(`${label}: enter a whole number.`).min(min, `${label}: at least ${min}.`).max(max, `${label}: at most ${max}.`).optional());

export const COMMENT_FIELDS = {
  comments_who: z.enum(['guests', 'readers'], { error: 'Choose who may comment.' }).optional(),
  comments_close_after_days: whole('Close after', 0, 3650),
  comments_first_waits: z.preprocess((v) => v === 'on' || v === '1', z.boolean()),
  comments_depth: whole('Reply depth', 1, 8),
  comments_sort: z.enum(['oldest', 'newest', 'replied'], { error: 'Choose an order from the list.' }).optional(),
  comments_link_limit: whole('Links per comment', 0, 50),
  comments_blocklist: z.string().max(50_000).transform((text, ctx) => {
    const lines = [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
    if (lines.length > 2000 || lines.some((l) => l.length > 200)) {
      ctx.addIssue({ code: 'custom', message: 'The blocklist takes up to 2,000 lines of up to 200 characters.' });
      return z.NEVER;
    }
    return lines;
  }).optional(),
  comments_min_seconds: whole('Minimum time', 0, 60),
};

type Parsed = { [K in keyof typeof COMMENT_FIELDS]: z.infer<(typeof COMMENT_FIELDS)[K]> };

export function commentSettingsAsForm(st: SiteSettings): Record<string, unknown> {
  return { ...pick(st), comments_blocklist: st.comments_blocklist.join('\n') };
}

export function commentSettingsValues(d: Partial<Parsed>): Partial<SiteSettings> {
  return Object.fromEntries(Object.entries(pick(d)).filter(([, v]) => v !== undefined));
}

function pick(v: Partial<Parsed> | SiteSettings): Partial<Parsed> {
  return {
    comments_who: v.comments_who, comments_close_after_days: v.comments_close_after_days, comments_first_waits: v.comments_first_waits,
    comments_depth: v.comments_depth, comments_sort: v.comments_sort, comments_link_limit: v.comments_link_limit,
    comments_blocklist: v.comments_blocklist, comments_min_seconds: v.comments_min_seconds,
  };
}

export function commentSettingsFieldset(v: Record<string, unknown>, err: (k: keyof Parsed) => Html | string): Html {
  const number = (k: keyof Parsed, label: string, min: number, max: number, hint: string) => html`<div class="field"><label for="f-${k}">${label}</label>
<input id="f-${k}" name="${k}" type="number" inputmode="numeric" min="${min}" max="${max}" value="${String(v[k] ?? '')}" aria-describedby="hint-${k}">
<p class="hint" id="hint-${k}">${hint}</p>${err(k)}</div>`;
  const checked = v.comments_first_waits === true || v.comments_first_waits === 'on';
  return html`<section class="settings-comments" aria-labelledby="h-comments"><h2 id="h-comments">Comments</h2>
<div class="field"><label for="f-comments_who">Who may comment</label><select id="f-comments_who" name="comments_who" aria-describedby="hint-comments_who">
<option value="guests"${v.comments_who === 'guests' ? html` selected` : ''}>Guests and signed-in readers</option>
<option value="readers"${v.comments_who === 'readers' ? html` selected` : ''}>Signed-in readers only</option></select>
<p class="hint" id="hint-comments_who">A guest gives a name, shown with the comment, and an email address, which is never shown.</p>${err('comments_who')}</div>
${number('comments_close_after_days', 'Close comments after (days)', 0, 3650, 'Counted from publication; 0 keeps them open. Each article also has its own “Comments open” switch.')}
<div class="field"><label class="checkbox"><input type="checkbox" name="comments_first_waits"${checked ? html` checked` : ''}> A commenter’s first comment waits for a moderator’s approval</label></div>
${number('comments_depth', 'Reply depth', 1, 8, '1: no replies; 3: replies to replies. Deeper replies join the last level.')}
<div class="field"><label for="f-comments_sort">Order of comments</label><select id="f-comments_sort" name="comments_sort">
${(['oldest', 'newest', 'replied'] as const).map((s) => html`<option value="${s}"${v.comments_sort === s ? html` selected` : ''}>${{ oldest: 'Oldest first', newest: 'Newest first', replied: 'Most replies first' }[s]}</option>`)}
</select><p class="hint">Readers can choose another order on the page.</p>${err('comments_sort')}</div>
${number('comments_link_limit', 'Links per comment', 0, 50, 'A comment with more links is refused, with the reason.')}
${number('comments_min_seconds', 'Minimum time to write (seconds)', 0, 60, 'A form sent sooner after the page was drawn is asked to be sent again, text kept. 2 never stops a person.')}
<div class="field"><label for="f-comments_blocklist">Blocklist</label><p class="hint" id="hint-comments_blocklist">One word, phrase or web address a line (spam.example blocks that domain and its subdomains). Comments containing one are refused.</p>
<textarea id="f-comments_blocklist" name="comments_blocklist" rows="5" aria-describedby="hint-comments_blocklist">${String(v.comments_blocklist ?? '')}</textarea>${err('comments_blocklist')}</div>
</section>`;
}
