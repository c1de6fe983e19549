import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { type Mail, MailError, type Mailer, parseAddress } from './mailer.ts';

/**
 * The site's mail goes out through here, as jobs (jobs/queue.ts) of kind
 * `mail`: a message is in the database before anyone is told it was sent,
 * so it survives a restart, and whichever app server claims it sends it,
 * trying again with backoff while the mail server is away. A refusal for good
 * (a 5xx reply, an address that is not one) is not tried again.
 *
 * The ways in:
 * - `enqueueMail` (and `send`, so an Outbox can stand where a Mailer is
 *   expected): for mail sent after the answer (a reset link). Resolves once
 *   the message is queued.
 * - `enqueueMailWithin`: for mail that belongs to a change (a moderation
 *   decision's letter), queued in that change's transaction, so neither is
 *   kept without the other.
 * - `sendNow`: for mail someone is waiting on (an invitation, a reset link an
 *   owner sends, a reader's sign-in link), whose page says whether it went.
 *   Queued as claimed by this server and tried at once; resolves when the mail
 *   server took it, or rejects with the MailError, and is then not retried
 *   (the page said it failed; a message arriving later would contradict it).
 *
 * Without SMTP_URL the mailer writes messages to the log, and `delivers` stays
 * false so the newsroom shows links instead of claiming to mail them.
 */
export const MAIL_JOB = 'mail';

export interface QueueOptions {
  /** Past this time the message is dropped unsent (its link has expired). */
  discardAfter?: Date;
}

export class Outbox implements Mailer {
  private readonly jobs: JobQueue;
  private readonly mailer: Mailer;

  constructor(jobs: JobQueue, mailer: Mailer) {
    this.jobs = jobs;
    this.mailer = mailer;
    jobs.handle(MAIL_JOB, (payload) => this.deliver(payload));
  }

  get delivers(): boolean {
    return this.mailer.delivers;
  }

  /** `sendNow` in a Mailer's shape, for code that is handed a Mailer and tells its user the outcome. */
  get immediate(): Mailer {
    return { delivers: this.mailer.delivers, send: (mail) => this.sendNow(mail), close: async () => {} };
  }

  /** Queues a message; refuses at once one whose recipient is not a single address. */
  async enqueueMail(mail: Mail, opts: QueueOptions = {}): Promise<void> {
    checkRecipient(mail);
    await this.jobs.enqueue(MAIL_JOB, mail, { discardAfter: opts.discardAfter });
  }

  /**
   * Queues a message in the caller's transaction (JobQueue.enqueueWithin): it is
   * sent exactly when what the transaction wrote is kept. Call `wake()` after
   * the commit. Refuses at once, before writing anything, a recipient that is
   * not a single address.
   */
  async enqueueMailWithin(trx: Transaction<Database>, mail: Mail, opts: QueueOptions = {}): Promise<void> {
    checkRecipient(mail);
    await this.jobs.enqueueWithin(trx, MAIL_JOB, mail, { discardAfter: opts.discardAfter });
  }

  /** After a commit that queued mail: this server starts sending it now. */
  wake(): void {
    this.jobs.wake(MAIL_JOB);
  }

  send(mail: Mail): Promise<void> {
    return this.enqueueMail(mail);
  }

  async sendNow(mail: Mail): Promise<void> {
    checkRecipient(mail);
    const outcome = await this.jobs.runNow(MAIL_JOB, mail, { retry: false });
    if (!outcome.ok) throw outcome.error;
  }

  private async deliver(payload: unknown): Promise<void> {
    try {
      await this.mailer.send(payload as Mail);
    } catch (err) {
      // A refusal for good is marked so the queue does not try again.
      if (err instanceof MailError && (err.permanent || err.code === 'EADDRESS')) Object.defineProperty(err, 'permanent', { value: true });
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.mailer.close();
  }
}

function checkRecipient(mail: Mail): void {
  if (!parseAddress(mail.to)) throw new MailError(`${JSON.stringify(mail.to)} is not a single mail address.`, 'EADDRESS', null);
}
