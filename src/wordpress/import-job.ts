import fs from 'node:fs';
import type { Selectable } from 'kysely';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../db/connection.ts';
import type { WordpressImportsTable } from '../db/schema.ts';
import { type JobContext, type JobQueue, PermanentFailure } from '../jobs/queue.ts';
import { type ImportDeps, type ImportProgress, importWordpress } from './importer.ts';
import { ImportUploads } from './import-uploads.ts';
import type { ImportReport } from './report.ts';
import { WxrError } from './wxr-reader.ts';

/**
 * The newsroom's import: the same procedure as the command, run as a job of
 * the database's queue (jobs/queue.ts) by whichever app server claims it, with
 * a lease, so a server that dies mid-import leaves it to another (the import
 * is idempotent: running it again finishes the work). Its progress and report
 * are a row of `wordpress_imports`, so every server and every worker shows the
 * same status page; that row's unique `active` column lets one import be
 * queued or running at a time, site-wide. The uploaded file waits in
 * DATA_DIR/imports under the name the row records, and is removed when the
 * import is over; a server that does not have it (several machines with no
 * shared disk) fails the job with a message saying what to do instead.
 */

export const IMPORT_JOB = 'wordpress-import';
/** A job claimed this many times without finishing (each time its server died or stopped) is given up. */
const MAX_TRIES = 5;
/** Progress is written at most this often (and at every change of phase). */
const PROGRESS_EVERY_MS = 500;
/** An import row this old with no job was left by a server that died between the two writes. */
const ORPHAN_AFTER_MS = 60_000;

export interface ImportJob {
  id: number;
  state: WordpressImportsTable['state'];
  fileName: string;
  dryRun: boolean;
  progress: { phase: string; done: number; total: number };
  report: ImportReport | null;
  /** Why it stopped, when it did not finish. */
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface StartImport {
  /** The upload's name in the imports folder (ImportUploads.create). */
  storedFile: string;
  fileName: string;
  uploadsDir: string | null;
  dryRun: boolean;
  startedBy: number;
}

type Row = Selectable<WordpressImportsTable>;
type Log = { error: (o: object, msg: string) => void; warn: (o: object, msg: string) => void };

/** Thrown through the import when this server stops: the job goes back to the queue for another. */
class Stopping extends Error {}

const NOT_HERE = (host: string) => `The uploaded file is not on the server that took up this import (${host}). On several machines without a shared data folder each keeps its own uploads: upload the file again, or run samizdat import-wordpress on one machine. An import run again adds nothing twice.`;
const GAVE_UP = 'The import stopped without finishing (the server running it went away, and it could not be taken up again). What it wrote is kept; upload the file again to finish: an import run again adds nothing twice.';

export class ImportJobs {
  readonly uploads: ImportUploads;
  private readonly db: Db;
  private readonly jobs: JobQueue;
  private readonly deps: () => ImportDeps;
  private readonly log: Log;
  private stopping = false;

  constructor(o: { db: Db; jobs: JobQueue; dataDir: string; deps: () => ImportDeps; log: Log }) {
    this.db = o.db;
    this.jobs = o.jobs;
    this.deps = o.deps;
    this.log = o.log;
    this.uploads = new ImportUploads(o.dataDir);
    o.jobs.handle(IMPORT_JOB, (payload, job) => this.run(payload, job));
  }

  /** The import queued or running now, or the last one (on any server). */
  async current(): Promise<ImportJob | null> {
    await this.active();
    const row = await this.db.kysely.selectFrom('wordpress_imports').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
    return row ? view(row) : null;
  }

  /** Whether an import is queued or running anywhere. */
  async busy(): Promise<boolean> {
    return (await this.active()) !== null;
  }

  /** Queues an import of an uploaded file unless one is queued or running; null when refused. */
  async start(s: StartImport): Promise<ImportJob | null> {
    if (await this.active()) return null;
    const now = new Date().toISOString();
    let id: number;
    try {
      const row = await this.db.kysely.insertInto('wordpress_imports').values({
        active: 1, state: 'queued', job_id: null, file_name: s.fileName, stored_file: s.storedFile, uploads_dir: s.uploadsDir, dry_run: s.dryRun ? 1 : 0,
        started_by: s.startedBy, server: null, phase: 'waiting for a server', done: 0, total: 0, report: null, error: null, created_at: now, updated_at: now, finished_at: null,
      }).returning('id').executeTakeFirstOrThrow();
      id = Number(row.id);
    } catch (err) {
      // Another server's upload took the one place first.
      if (await this.active()) return null;
      throw err;
    }
    try {
      const jobId = await this.jobs.enqueue(IMPORT_JOB, { importId: id }, { maxAttempts: MAX_TRIES });
      await this.db.kysely.updateTable('wordpress_imports').set({ job_id: jobId }).where('id', '=', id).execute();
    } catch (err) {
      await this.finish(id, { state: 'failed', error: 'The import could not be queued (the server log has the details). Try again.' });
      throw err;
    }
    return this.current();
  }

  /** Resolves once no import is queued or running on any server (for tests and scripts; polls the database). */
  async settled(timeoutMs = 120_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (await this.busy()) {
      if (Date.now() > end) throw new Error('the import did not finish in time');
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Stops taking imports further: one running here goes back to the queue at its next step, for any server to finish. */
  stop(): void {
    this.stopping = true;
  }

  /** Removes uploads left by an import that is over or by an upload cut off by a crash (run at start). */
  async sweep(now = Date.now()): Promise<number> {
    const rows = await this.db.kysely.selectFrom('wordpress_imports').select('stored_file').where('active', 'is not', null).execute();
    return this.uploads.sweep(new Set(rows.map((r) => r.stored_file)), now);
  }

  /**
   * The active row, if there is one. One whose job is over (or was never
   * queued) was left by a server that died at the wrong moment: it is marked
   * failed here, so it does not hold the place for ever.
   */
  private async active(): Promise<Row | null> {
    const k = this.db.kysely;
    const row = await k.selectFrom('wordpress_imports').selectAll().where('active', 'is not', null).executeTakeFirst();
    if (!row) return null;
    const job = row.job_id === null ? null : await k.selectFrom('jobs').select('state').where('id', '=', row.job_id).executeTakeFirst();
    const orphan = row.job_id === null ? Date.now() - Date.parse(row.created_at) > ORPHAN_AFTER_MS : job?.state !== 'queued';
    if (!orphan) return row;
    await this.finish(Number(row.id), { state: 'failed', error: GAVE_UP });
    return null;
  }

  private async run(payload: unknown, job: JobContext): Promise<void> {
    const id = Number((payload as { importId?: unknown } | null)?.importId);
    const row = await this.db.kysely.selectFrom('wordpress_imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.active === null) return;
    const file = this.uploads.pathOf(row.stored_file);
    const refusal = job.attempt > MAX_TRIES ? GAVE_UP : file && fs.existsSync(file) ? null : NOT_HERE(os.hostname());
    if (refusal) {
      await this.finish(id, { state: 'failed', error: refusal });
      throw new PermanentFailure(refusal);
    }
    await this.db.kysely.updateTable('wordpress_imports')
      .set({ state: 'running', server: this.jobs.worker, phase: 'reading', done: 0, total: 0, updated_at: new Date().toISOString() })
      .where('id', '=', id).execute();
    const progress = this.progressWriter(id);
    try {
      const report = await importWordpress(this.deps(), { file: file!, uploadsDir: row.uploads_dir, dryRun: row.dry_run === 1, onProgress: progress.tell });
      await progress.settled();
      await this.finish(id, { state: 'done', report });
    } catch (err) {
      await progress.settled();
      if (err instanceof Stopping) {
        await this.db.kysely.updateTable('wordpress_imports').set({ state: 'queued', server: null, phase: 'waiting for a server', updated_at: new Date().toISOString() })
          .where('id', '=', id).execute();
        throw err;
      }
      const error = err instanceof WxrError
        ? `The file is not an export we can read: ${err.message}. Nothing was imported.`
        : 'The import stopped on an error (the server log has the details). What it wrote is kept; run it again to finish.';
      if (!(err instanceof WxrError)) this.log.error({ err }, 'WordPress import failed');
      await this.finish(id, { state: 'failed', error });
      throw new PermanentFailure(error);
    }
  }

  /** Writes progress as the import tells it, in order and not too often; stops the import when this server is stopping. */
  private progressWriter(id: number) {
    let last = { phase: '', at: 0 };
    let chain: Promise<unknown> = Promise.resolve();
    const tell = (p: ImportProgress) => {
      if (this.stopping) throw new Stopping('the server is stopping');
      const now = Date.now();
      if (p.phase === last.phase && now - last.at < PROGRESS_EVERY_MS) return;
      last = { phase: p.phase, at: now };
      chain = chain.then(() => this.db.kysely.updateTable('wordpress_imports')
        .set({ phase: p.phase, done: Math.round(p.done), total: Math.round(p.total), updated_at: new Date(now).toISOString() })
        .where('id', '=', id).where('state', '=', 'running').execute())
        .catch((err) => this.log.warn({ err }, 'could not record an import’s progress'));
    };
    return { tell, settled: () => chain };
  }

  private async finish(id: number, end: { state: 'done' | 'failed'; report?: ImportReport; error?: string }): Promise<void> {
    const now = new Date().toISOString();
    const row = await this.db.kysely.updateTable('wordpress_imports')
      .set({ active: null, state: end.state, phase: 'done', report: end.report ? JSON.stringify(end.report) : null, error: end.error ?? null, updated_at: now, finished_at: now })
      .where('id', '=', id).where('active', 'is not', null)
      .returning('stored_file').executeTakeFirst();
    if (row) this.uploads.remove(row.stored_file);
  }
}

/**
 * The newsroom import some server is running at this moment (its claim on
 * the job still live), if any: the command refuses to run beside it, since
 * two imports of one site at once would each make what the other is making.
 * One merely queued is no obstacle: it runs after, and adds nothing twice.
 */
export async function importRunningNow(db: Db): Promise<{ fileName: string; server: string | null } | null> {
  const row = await db.kysely.selectFrom('wordpress_imports as w').innerJoin('jobs as j', 'j.id', 'w.job_id')
    .select(['w.file_name', 'w.server']).where('w.active', 'is not', null).where('w.state', '=', 'running')
    .where('j.state', '=', 'queued').where('j.lease_until', '>', new Date().toISOString()).executeTakeFirst();
  return row ? { fileName: row.file_name, server: row.server } : null;
}

function view(row: Row): ImportJob {
  return {
    id: Number(row.id), state: row.state, fileName: row.file_name, dryRun: row.dry_run === 1,
    progress: { phase: row.phase, done: Number(row.done), total: Number(row.total) },
    report: row.report ? (JSON.parse(row.report) as ImportReport) : null, error: row.error, createdAt: row.created_at, finishedAt: row.finished_at,
  };
}
