import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { createResetLinkFor, OWNER_RESET_HOURS, withdrawResetLink } from '../accounts/password-reset.ts';
import { checkOwnPassword } from '../accounts/profiles.ts';
import { reinstateStaff, suspendStaff, transferOwnership } from '../accounts/staff.ts';
import { THROTTLE } from '../accounts/throttle.ts';
import { NotFound } from '../http/errors.ts';
import { nowIso } from '../lib/time.ts';
import { MailError } from '../mail/mailer.ts';
import { ownerResetMail } from '../mail/templates.ts';
import type { Services } from '../services.ts';
import { NO_SUCH_PERSON, staffId, staffPage } from './staff-pages.ts';

/** What an owner does to another member from /admin/staff: a reset link, suspension, handing over ownership. */

const text = z.string().catch('');
const suspendForm = z.object({ confirm: text });
const transferForm = z.object({ to: text, password: text });

/**
 * Mails the member a link to choose a new password; without a mail server,
 * says plainly that nothing was sent and shows the link for the owner to pass on.
 */
export function sendResetLink(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = staffId(req);
    if (id === req.user!.id) return staffPage(s, req, reply, 422, { error: 'To change your own password, use your profile page.' });
    const made = await createResetLinkFor(s.db, id, req.user!.id);
    if (!made.ok && made.reason === 'not_found') throw new NotFound(NO_SUCH_PERSON);
    if (!made.ok) return staffPage(s, req, reply, 409, { error: 'This member is suspended, so a reset link would not let them in. Reinstate them first.' });
    const link = `${s.config.siteUrl}/admin/reset/${made.token}`;
    if (!s.mailer.delivers) {
      return staffPage(s, req, reply, 200, {
        unsent: { email: made.email, link, kind: 'reset' },
        message: `A reset link for ${made.name} was made, but no mail was sent: this site has no mail server (SMTP_URL is not set).`,
      });
    }
    try {
      await s.outbox.sendNow({ to: made.email, ...ownerResetMail(s.settings.get().site_name, req.user!.name, link, OWNER_RESET_HOURS * 60) });
    } catch (err) {
      await withdrawResetLink(s.db, made.token);
      req.log.warn({ err }, 'reset link mail not sent');
      const refused = err instanceof MailError && err.permanent;
      return staffPage(s, req, reply, 502, {
        error: refused
          ? 'The mail server refused to deliver the link to this member’s address. Nothing was saved.'
          : 'The link could not be sent: the mail server did not accept it. Nothing was saved; try again in a few minutes.',
      });
    }
    return reply.redirect('/admin/staff?done=reset', 303);
  };
}

export function suspendMember(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const id = staffId(req);
    if (suspendForm.parse(req.body ?? {}).confirm !== 'yes') {
      return staffPage(s, req, reply, 422, { error: 'Tick “Yes, suspend” beside the person to confirm, then press Suspend.' });
    }
    const result = await suspendStaff(s.db, id, nowIso());
    if (result === 'not_found') throw new NotFound(NO_SUCH_PERSON);
    if (result === 'owner') return staffPage(s, req, reply, 409, { error: 'An owner cannot be suspended. Change their role first.' });
    return reply.redirect('/admin/staff?done=suspended', 303);
  };
}

export function reinstateMember(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if ((await reinstateStaff(s.db, staffId(req))) === 'not_found') throw new NotFound(NO_SUCH_PERSON);
    return reply.redirect('/admin/staff?done=reinstated', 303);
  };
}

/** The owner names the next owner and confirms with their own password; they become an editor. */
export function transferOwner(s: Services) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const form = transferForm.parse(req.body ?? {});
    const to = /^[1-9]\d{0,9}$/.test(form.to) ? Number(form.to) : 0;
    const refuse = (status: number, errors: { to?: string; transfer_password?: string }) =>
      staffPage(s, req, reply, status, { transferErrors: errors, transferTo: form.to, error: 'Ownership was not transferred; see below.' });
    if (!to) return refuse(422, { to: 'Choose who will own the site.' });
    if (!form.password) return refuse(422, { transfer_password: 'Give your password to confirm.' });
    const check = await checkOwnPassword(s.db, s.secret, req.user!.id, form.password);
    if (check === 'throttled') return refuse(429, { transfer_password: `Too many wrong passwords. Wait ${THROTTLE.windowMinutes} minutes and try again.` });
    if (check === 'wrong') return refuse(422, { transfer_password: 'That is not your password.' });
    const result = await transferOwnership(s.db, req.user!.id, to);
    if (result === 'not_eligible') return refuse(409, { to: 'They cannot take it over: choose a member who can sign in, is not suspended and is not an owner already.' });
    if (result === 'not_owner') return staffPage(s, req, reply, 409, { error: 'You are no longer an owner, so there is nothing to hand over. Has it been transferred already?' });
    return reply.redirect('/admin/profile?done=transferred', 303);
  };
}
