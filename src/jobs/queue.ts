import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Db } from '../db/connection.ts';
import type { Database } from '../db/schema.ts';

/**
 * Work done once by whichever app server claims it first: mail that must
 * survive a restart now, imports and newsletters later. A job is a row in
 * `jobs`; a server claims it with a lease (`claimed_by`, `lease_until`) and
 * renews the lease while it works, so a server that dies mid-job leaves it to
 * be claimed again once the lease runs out. A job that fails is tried again
 * later (backing off from half a minute to three hours) until it has had its
 * attempts; one that fails for good (a mailbox that does not exist) is not.
 *
 * The claim is one statement. On PostgreSQL the row is picked with
 * `FOR UPDATE SKIP LOCKED`, so servers claiming at once take different rows;
 * SQLite has one writer at a time, so the statement alone decides.
 *
 * Exactly once holds for what a job writes to the database in one
 * transaction. Something sent outside it (a mail) is at least once: a server
 * that dies after the mail server took the message but before it recorded
 * that leaves the job to be done again.
 */

export interface JobContext {
  id: number;
  /** 1 on the first try. */
  attempt: number;
}

export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;

/** Thrown (or any error with `permanent: true`) when trying again cannot help. */
export class PermanentFailure extends Error {
  readonly permanent = true;
}

export interface EnqueueOptions {
  /** Not before this time (default: now). */
  runAfter?: Date;
  /** Past this time the job is dropped unrun: a sign-in link that has expired is not worth sending. */
  discardAfter?: Date;
  /** Tries in all, the first included (default 8: the last about eight hours after the first). */
  maxAttempts?: number;
}

export type RunOutcome = { ok: true } | { ok: false; error: unknown; permanent: boolean };

const BACKOFF_MS = [30_000, 120_000, 600_000, 1_800_000, 3_600_000, 10_800_000];
const DEFAULT_ATTEMPTS = 8;
/** How often a server looks for jobs others queued (its own are started at once). */
const POLL_MS = 2_000;
/** Finished jobs are kept this long (without their payload) for an operator to look at. */
const KEEP_FINISHED_MS = 7 * 24 * 3600_000;

type Log = { info: (o: object, m: string) => void; warn: (o: object, m: string) => void; error: (o: object, m: string) => void };

interface Claimed {
  id: number;
  kind: string;
  payload: string;
  attempts: number;
  max_attempts: number;
  discard_after: string | null;
}

export function workerName(): string {
  return `${os.hostname()}/${process.pid}/${randomBytes(3).toString('hex')}`;
}

export class JobQueue {
  readonly worker = workerName();
  private readonly db: Db;
  private readonly log: Log;
  private readonly leaseMs: number;
  private readonly handlers = new Map<string, JobHandler>();
  /** One lane per kind, so a long import never holds up the mail. */
  private readonly lanes = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;

  constructor(db: Db, log: Log, opts: { leaseMs: number }) {
    this.db = db;
    this.log = log;
    this.leaseMs = opts.leaseMs;
  }

  /** Says how to do jobs of a kind; every app server registers the same handlers. */
  handle(kind: string, handler: JobHandler): void {
    this.handlers.set(kind, handler);
  }

  /** Queues a job (committed when this resolves); this server starts on it at once if it is running jobs. */
  async enqueue(kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<number> {
    const id = await this.insert(kind, payload, opts, false);
    if (this.timer && !opts.runAfter) setImmediate(() => this.drain(kind));
    return id;
  }

  /**
   * Queues a job as part of the caller's transaction, so it exists exactly when
   * what that transaction wrote does (a reply and its email, a decision and its
   * letter). Nothing starts it before the commit: call `wake(kind)` after it,
   * or the next look for jobs finds it.
   */
  enqueueWithin(trx: Transaction<Database>, kind: string, payload: unknown, opts: EnqueueOptions = {}): Promise<number> {
    return this.insert(kind, payload, opts, false, trx);
  }

  /** Starts on jobs of a kind now, on this server if it is running jobs (after a commit that queued some). */
  wake(kind: string): void {
    if (this.timer) setImmediate(() => this.drain(kind));
  }

  /**
   * Queues a job already claimed by this server and runs it now, for someone
   * waiting on the answer. With `retry: false` a failure is final (the page
   * said so); with `retry: true` a failure that may pass is left for later.
   */
  async runNow(kind: string, payload: unknown, opts: EnqueueOptions & { retry: boolean }): Promise<RunOutcome> {
    const id = await this.insert(kind, payload, opts, true);
    const job = { id, kind, payload: JSON.stringify(payload), attempts: 1, max_attempts: opts.retry ? (opts.maxAttempts ?? DEFAULT_ATTEMPTS) : 1, discard_after: null };
    return this.run(job);
  }

  private async insert(kind: string, payload: unknown, opts: EnqueueOptions & { retry?: boolean }, claimed: boolean, into: Kysely<Database> = this.db.kysely): Promise<number> {
    const now = new Date();
    const row = await into
      .insertInto('jobs')
      .values({
        kind, payload: JSON.stringify(payload), run_after: (opts.runAfter ?? now).toISOString(),
        discard_after: opts.discardAfter?.toISOString() ?? null,
        max_attempts: claimed && opts.retry === false ? 1 : (opts.maxAttempts ?? DEFAULT_ATTEMPTS),
        attempts: claimed ? 1 : 0,
        claimed_by: claimed ? this.worker : null,
        lease_until: claimed ? new Date(now.getTime() + this.leaseMs).toISOString() : null,
        last_error: null, created_at: now.toISOString(), finished_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Starts looking for due jobs of the registered kinds, now and every couple of seconds. */
  start(pollMs = POLL_MS): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => this.drainAll(), pollMs);
    this.timer.unref();
    this.drainAll();
  }

  /** Stops claiming; waits (up to `waitMs`) for jobs under way. One not finished by then is left to its lease. */
  async stop(waitMs = 5_000): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    let timeout: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.lanes.values()]),
      new Promise((r) => { timeout = setTimeout(r, waitMs); }),
    ]);
    clearTimeout(timeout);
  }

  private drainAll(): void {
    for (const kind of this.handlers.keys()) this.drain(kind);
  }

  /** Runs due jobs of one kind, one after another, until there are none; one lane per kind at a time. */
  drain(kind: string): Promise<void> {
    const running = this.lanes.get(kind);
    if (running) return running;
    const lane = (async () => {
      try {
        while (!this.stopping) {
          const job = await this.claimNext(kind);
          if (!job) break;
          await this.run(job);
        }
      } catch (err) {
        this.log.error({ err, kind }, 'could not look for jobs; will try again');
      } finally {
        this.lanes.delete(kind);
      }
    })();
    this.lanes.set(kind, lane);
    return lane;
  }

  private async claimNext(kind: string): Promise<Claimed | null> {
    const now = new Date();
    const nowIso = now.toISOString();
    const k = this.db.kysely;
    // A look first: an idle server polls without taking SQLite's write lock.
    const due = await k.selectFrom('jobs').select('id').where('state', '=', 'queued').where('kind', '=', kind).where('run_after', '<=', nowIso)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)])).limit(1).executeTakeFirst();
    if (!due) return null;
    const pick = () => {
      const q = k.selectFrom('jobs').select('id').where('state', '=', 'queued').where('kind', '=', kind).where('run_after', '<=', nowIso)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
        .orderBy('run_after').orderBy('id').limit(1);
      return this.db.dialect === 'postgres' ? q.forUpdate().skipLocked() : q;
    };
    const row = await k
      .updateTable('jobs')
      .set({ claimed_by: this.worker, lease_until: new Date(now.getTime() + this.leaseMs).toISOString(), attempts: sql`attempts + 1` })
      .where('id', '=', pick())
      .returning(['id', 'kind', 'payload', 'attempts', 'max_attempts', 'discard_after'])
      .executeTakeFirst();
    return row ? { ...row, id: Number(row.id) } : null;
  }

  private async run(job: Claimed): Promise<RunOutcome> {
    const handler = this.handlers.get(job.kind);
    if (job.discard_after && job.discard_after < new Date().toISOString()) {
      await this.finish(job, 'discarded', 'too late to be worth doing');
      return { ok: false, error: new Error('discarded'), permanent: true };
    }
    // Renewed while it runs, so only a server that stopped answering loses its claim.
    const renew = setInterval(() => void this.renew(job.id), Math.max(500, this.leaseMs / 3));
    renew.unref();
    try {
      if (!handler) throw new PermanentFailure(`no handler for jobs of kind ${job.kind}`);
      await handler(JSON.parse(job.payload), { id: job.id, attempt: job.attempts });
      await this.finish(job, 'done', null);
      return { ok: true };
    } catch (error) {
      const permanent = (error as { permanent?: unknown })?.permanent === true;
      const message = error instanceof Error ? error.message : String(error);
      if (permanent || job.attempts >= job.max_attempts) {
        this.log.warn({ err: error, job: job.id, kind: job.kind, attempts: job.attempts }, 'job failed for good');
        await this.finish(job, 'failed', message);
      } else {
        await this.later(job, message);
      }
      return { ok: false, error, permanent };
    } finally {
      clearInterval(renew);
    }
  }

  private async renew(id: number): Promise<void> {
    await this.db.kysely.updateTable('jobs').set({ lease_until: new Date(Date.now() + this.leaseMs).toISOString() })
      .where('id', '=', id).where('claimed_by', '=', this.worker).where('state', '=', 'queued').execute()
      .catch((err) => this.log.warn({ err, job: id }, 'could not renew a job’s claim'));
  }

  /** The payload is emptied: a sent mail's links are not kept. */
  private async finish(job: Claimed, state: 'done' | 'failed' | 'discarded', error: string | null): Promise<void> {
    const r = await this.db.kysely.updateTable('jobs')
      .set({ state, payload: '{}', claimed_by: null, lease_until: null, last_error: error, finished_at: new Date().toISOString() })
      .where('id', '=', job.id).where('claimed_by', '=', this.worker).where('state', '=', 'queued')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) this.log.warn({ job: job.id, kind: job.kind }, 'finished a job whose claim had run out (another server may have done it too)');
  }

  private async later(job: Claimed, error: string): Promise<void> {
    const wait = BACKOFF_MS[Math.min(job.attempts - 1, BACKOFF_MS.length - 1)];
    await this.db.kysely.updateTable('jobs')
      .set({ run_after: new Date(Date.now() + wait).toISOString(), claimed_by: null, lease_until: null, last_error: error })
      .where('id', '=', job.id).where('claimed_by', '=', this.worker).where('state', '=', 'queued')
      .execute();
  }

  /** Removes jobs finished more than a week ago (a timed sweep). */
  async sweep(now = Date.now()): Promise<number> {
    const r = await this.db.kysely.deleteFrom('jobs').where('finished_at', '<', new Date(now - KEEP_FINISHED_MS).toISOString()).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
