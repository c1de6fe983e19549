import type { Db } from '../db/connection.ts';

/**
 * Claims on timed jobs (publishing, sweeps, polls opening): while one server
 * runs a job, the others pass it by. The claim is a lease renewed while the job
 * runs, so a server that dies mid-run leaves it to the next server's tick once
 * the lease has run out. Each run is told when the last run that finished
 * started, so a job that looks for "what happened since" (a poll that opened)
 * looks from there, whichever server ran it before.
 *
 * This spares the database the same work from every server; it is not what
 * makes the work happen once: each job still claims each thing it does (a
 * conditional update, a delete), so two runs at once would still be safe.
 */
export class JobTimers {
  private readonly db: Db;
  private readonly worker: string;
  private readonly leaseMs: number;
  private readonly known = new Set<string>();
  /** How often a running job renews its claim: well within the lease. */
  readonly renewEveryMs: number;

  constructor(db: Db, worker: string, leaseMs: number) {
    this.db = db;
    this.worker = worker;
    this.leaseMs = leaseMs;
    this.renewEveryMs = Math.max(500, Math.floor(leaseMs / 3));
  }

  /** The claim, with when the last finished run started (null: never ran); null when another server holds it. */
  async claim(name: string, now = new Date()): Promise<{ since: Date | null } | null> {
    if (!this.known.has(name)) {
      await this.db.kysely.insertInto('job_timers').values({ name, claimed_by: null, lease_until: null, last_started_at: null, last_finished_at: null })
        .onConflict((oc) => oc.column('name').doNothing()).execute();
      this.known.add(name);
    }
    const nowIso = now.toISOString();
    const row = await this.db.kysely
      .updateTable('job_timers')
      .set({ claimed_by: this.worker, lease_until: new Date(now.getTime() + this.leaseMs).toISOString() })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', nowIso)]))
      .returning('last_started_at')
      .executeTakeFirst();
    if (!row) return null;
    return { since: row.last_started_at ? new Date(row.last_started_at) : null };
  }

  async renew(name: string): Promise<void> {
    await this.db.kysely.updateTable('job_timers').set({ lease_until: new Date(Date.now() + this.leaseMs).toISOString() })
      .where('name', '=', name).where('claimed_by', '=', this.worker).execute();
  }

  /** The run that started at `started` finished: the next looks from there. */
  async finish(name: string, started: Date): Promise<void> {
    await this.db.kysely.updateTable('job_timers')
      .set({ claimed_by: null, lease_until: null, last_started_at: started.toISOString(), last_finished_at: new Date().toISOString() })
      .where('name', '=', name).where('claimed_by', '=', this.worker).execute();
  }

  /** The run failed: free the claim, and keep where the last good run looked from. */
  async release(name: string): Promise<void> {
    await this.db.kysely.updateTable('job_timers').set({ claimed_by: null, lease_until: null })
      .where('name', '=', name).where('claimed_by', '=', this.worker).execute();
  }
}
