import fs from 'node:fs';
import path from 'node:path';
import { type ImportDeps, type ImportProgress, importWordpress } from './importer.ts';
import type { ImportReport } from './report.ts';
import { WxrError } from './wxr-reader.ts';

/**
 * The newsroom's import: the same procedure as the command, run in the
 * background of the server process that took the upload, one at a time, its
 * progress and report kept in memory for the page that watches it. Nothing
 * of it survives a restart — the import is idempotent, so running it again
 * finishes the work — and a job started on one app server is watched there
 * (the page says which job it shows).
 */

export interface ImportJob {
  id: number;
  fileName: string;
  dryRun: boolean;
  startedBy: number;
  startedAt: string;
  progress: ImportProgress;
  report: ImportReport | null;
  /** Why it stopped, when it did not finish. */
  error: string | null;
  finishedAt: string | null;
}

export interface StartImport {
  /** The uploaded export, in a temporary file the job deletes when done. */
  file: string;
  fileName: string;
  uploadsDir: string | null;
  dryRun: boolean;
  startedBy: number;
}

export class ImportJobs {
  private readonly deps: () => ImportDeps;
  private readonly log: { error: (o: object, msg: string) => void };
  private job: ImportJob | null = null;
  private running: Promise<void> | null = null;
  private nextId = 1;

  constructor(deps: () => ImportDeps, log: { error: (o: object, msg: string) => void }) {
    this.deps = deps;
    this.log = log;
  }

  /** The job running now, or the last one to finish (until the server restarts). */
  current(): ImportJob | null {
    return this.job;
  }

  busy(): boolean {
    return this.running !== null;
  }

  /** Starts an import unless one is running; null when refused. */
  start(s: StartImport): ImportJob | null {
    if (this.running) return null;
    const job: ImportJob = {
      id: this.nextId++, fileName: s.fileName, dryRun: s.dryRun, startedBy: s.startedBy, startedAt: new Date().toISOString(),
      progress: { phase: 'reading', done: 0, total: 1 }, report: null, error: null, finishedAt: null,
    };
    this.job = job;
    this.running = this.run(job, s).finally(() => {
      this.running = null;
      fs.rmSync(s.file, { force: true });
      removeIfEmpty(path.dirname(s.file));
    });
    return job;
  }

  /** For tests and shutdown: the running import's end. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async run(job: ImportJob, s: StartImport): Promise<void> {
    try {
      job.report = await importWordpress(this.deps(), { file: s.file, uploadsDir: s.uploadsDir, dryRun: s.dryRun, onProgress: (p) => (job.progress = p) });
    } catch (err) {
      job.error = err instanceof WxrError
        ? `The file is not an export we can read (${err.message}). Nothing was imported.`
        : 'The import stopped on an error (the server log has the details). What it wrote is kept; run it again to finish.';
      if (!(err instanceof WxrError)) this.log.error({ err }, 'WordPress import failed');
    } finally {
      job.finishedAt = new Date().toISOString();
    }
  }
}

function removeIfEmpty(dir: string): void {
  try {
    fs.rmdirSync(dir);
  } catch {
    // Not empty, or not ours to remove: left as it is.
  }
}
