import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';
import { stringsFor } from '../i18n/strings.ts';
import { keyedHash } from '../lib/keyed-hash.ts';
import { formatDate, nowIso } from '../lib/time.ts';
import { type Mail, MailError, type Mailer, type MailLog } from '../mail/mailer.ts';
import { html } from '../render/html.ts';
import type { SettingsService } from '../settings/settings.ts';
import { APPEAL_DAYS } from './rules.ts';
import { moderationWords, type ModerationWords } from './words.ts';

/**
 * Mail to an author about a moderation decision: in the site's language, with
 * a link to appeal where there is one, and a one-click way to stop such mail
 * (a link in the text, and List-Unsubscribe headers for mail programs). The
 * letter is queued in the decision's own transaction (the outbox), so a
 * decision that is kept always has its letter and one that fails has none;
 * it is sent after the moderator has been answered, so a slow mail server never
 * holds the newsroom up. Without a mail server the newsroom is told so.
 */

/** What happened about telling the author, for the moderator's page. */
export type MailOutcome = 'sent' | 'no-address' | 'no-mail-server' | 'opted-out';

export interface Letter {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export type MailKind =
  | { kind: 'removed'; article: string; reason: string; note: string; appealUrl: string | null }
  | { kind: 'banned'; until: string | null; reason: string; note: string; appealUrl: string | null }
  | { kind: 'lifted'; note: string }
  | { kind: 'decided'; outcome: 'upheld' | 'comment-back' | 'ban-lifted'; reason: string; note: string };

export interface MailDeps {
  db: Db;
  mailer: Mailer;
  secret: Buffer;
  siteUrl: string;
  settings: SettingsService;
  log: MailLog;
}

const OPT_OUT = 'moderation-mail';

/** The unsubscribe token: a keyed hash of the address, and a check only this site can make, so random tokens are refused. */
export function unsubscribeToken(secret: Buffer, email: string): string {
  const h = keyedHash(secret, OPT_OUT, email.trim().toLowerCase());
  return `${h}.${keyedHash(secret, `${OPT_OUT}-link`, h).slice(0, 16)}`;
}

/** The address's hash, when the token is one this site made. */
export function optOutHashOf(secret: Buffer, token: string): string | null {
  const [h, check] = token.split('.');
  if (!h || !check || !/^[A-Za-z0-9_-]{43}$/.test(h)) return null;
  const want = Buffer.from(keyedHash(secret, `${OPT_OUT}-link`, h).slice(0, 16));
  const got = Buffer.from(check);
  return got.length === want.length && timingSafeEqual(got, want) ? h : null;
}

/** A mailer that queues a letter in the caller's transaction: the outbox (mail/outbox.ts). */
interface QueuesWithin {
  enqueueMailWithin(trx: Transaction<Database>, mail: Mail): Promise<void>;
  wake(): void;
}

function queuesWithin(m: Mailer): m is Mailer & QueuesWithin {
  return typeof (m as Partial<QueuesWithin>).enqueueMailWithin === 'function';
}

export async function optOut(db: Db, hash: string): Promise<void> {
  await db.kysely.insertInto('moderation_mail_optouts').values({ email_hash: hash, created_at: nowIso() }).onConflict((oc) => oc.column('email_hash').doNothing()).execute();
}

export class ModerationMail {
  private readonly d: MailDeps;

  constructor(deps: MailDeps) {
    this.d = deps;
  }

  /** The letter for an author, or why there is none (read through `db`: inside a transaction, that transaction). */
  async prepare(to: string | null, what: MailKind, db: Kysely<Database> = this.d.db.kysely): Promise<{ outcome: MailOutcome; letter: Letter | null }> {
    if (!to) return { outcome: 'no-address', letter: null };
    const token = unsubscribeToken(this.d.secret, to);
    const hash = token.split('.')[0];
    if (await db.selectFrom('moderation_mail_optouts').select('email_hash').where('email_hash', '=', hash).executeTakeFirst()) {
      return { outcome: 'opted-out', letter: null };
    }
    const letter = this.compose(to, what, `${this.d.siteUrl}/moderation/mail/${token}`);
    return { outcome: this.d.mailer.delivers ? 'sent' : 'no-mail-server', letter };
  }

  /**
   * The letter about a decision, in the decision's transaction. The outbox
   * queues it there, and nothing is left to deliver; a plain mailer (no queue)
   * gets it back, for `deliver` to send after the answer. An address that is
   * not one is refused before anything is written: the decision stands, unmailed.
   */
  async within(trx: Transaction<Database>, to: string | null, what: MailKind): Promise<{ outcome: MailOutcome; letter: Letter | null }> {
    const prepared = await this.prepare(to, what, trx);
    const mailer = this.d.mailer;
    if (!prepared.letter || !queuesWithin(mailer)) return prepared;
    try {
      await mailer.enqueueMailWithin(trx, prepared.letter);
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      this.d.log.warn({ err }, 'moderation mail not queued: the author’s address is not one');
      return { outcome: 'no-address', letter: null };
    }
    return { outcome: prepared.outcome, letter: null };
  }

  /** After a decision's commit: its queued letter is sent now rather than at the next look for work. */
  wake(): void {
    if (queuesWithin(this.d.mailer)) this.d.mailer.wake();
  }

  /**
   * A letter `within` handed back (a plain mailer) is sent once the answer has
   * gone, so the moderator never waits for a mail server. A failure is logged:
   * the decision stands either way.
   */
  async deliver(reply: FastifyReply, letter: Letter | null): Promise<void> {
    if (!letter) return;
    reply.raw.once('close', () => {
      this.d.mailer.send(letter).catch((err) => this.d.log.warn({ err }, 'moderation mail not sent'));
    });
  }

  private compose(to: string, what: MailKind, unsubscribe: string): Letter {
    const { site_name: site, language, locale, timezone } = this.d.settings.get();
    const w = moderationWords(language).mail;
    const date = (iso: string | null) => (iso ? formatDate(iso, locale, timezone) : null);
    const { subject, lines, link } = wordsFor(w, site, what, date);
    const t = moderationWords(language);
    const hello = stringsFor(language).mail.hello;
    const text = [hello, ...lines, ...(link ? [link.url] : []), `— ${site}`, '', `${w.unsubscribe}\n${unsubscribe}`].join('\n\n') + '\n';
    const body = html`<!doctype html>
<html lang="${language}">
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em;">
<p>${hello}</p>
${lines.map((l) => html`<p>${l}</p>\n`)}${link ? html`<p><a href="${link.url}">${link.label}</a><br>${link.url}</p>\n` : ''}<p>— ${site}</p>
<p style="font-size: 0.85em; color: #555;">${w.unsubscribe} <a href="${unsubscribe}">${t.unsubscribeButton}</a></p>
</body>
</html>
`;
    return {
      to, subject, text, html: body.value,
      headers: { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    };
  }
}

function wordsFor(w: ModerationWords['mail'], site: string, what: MailKind, date: (iso: string | null) => string | null) {
  const note = 'note' in what && what.note ? [w.note(what.note)] : [];
  const appeal = (url: string | null) => (url ? { url, label: w.appealButton } : null);
  switch (what.kind) {
    case 'removed':
      return { subject: w.removedSubject(site), lines: [w.removed(what.article, what.reason), w.marker(what.reason), ...note, ...(what.appealUrl ? [w.appealHow(APPEAL_DAYS)] : [])], link: appeal(what.appealUrl) };
    case 'banned':
      return { subject: w.bannedSubject(site), lines: [w.banned(date(what.until), what.reason), ...note, ...(what.appealUrl ? [w.appealHow(APPEAL_DAYS)] : [])], link: appeal(what.appealUrl) };
    case 'lifted':
      return { subject: w.liftedSubject(site), lines: [w.lifted, ...note], link: null };
    case 'decided': {
      const line = what.outcome === 'upheld' ? w.upheld(what.reason) : what.outcome === 'comment-back' ? w.overturnedComment(what.reason) : w.overturnedBan(what.reason);
      return { subject: w.decidedSubject(site), lines: [line, ...note], link: null };
    }
  }
}
