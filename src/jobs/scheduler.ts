import type { JobTimers } from './timers.ts';

/**
 * The site's timed work: each job is one small function that does whatever has
 * fallen due (publish scheduled articles, take down expired pins, empty the
 * bin, open and close polls, sweep). Every app server ticks; a server runs a
 * job only when it holds the job's claim in the database (timers.ts), and each
 * job's own claim on each thing it does (a conditional update or delete) makes
 * sure a thing is done once. Nothing is kept in memory that a restart would
 * lose: what fell due while the servers were down is done on the first tick
 * after start. A job that fails is logged and tried again on the next tick;
 * the others still run.
 */
export interface Job {
  name: string;
  /**
   * Does what is due; returns what it did, for the log (nothing, or an empty
   * list, when there was nothing). `since`: when the last run that finished
   * started, on any server (null the first time ever).
   */
  run(since: Date | null): Promise<unknown>;
}

type Log = { error: (o: object, m: string) => void; info: (o: object, m: string) => void };

export function startScheduler(jobs: Job[], log: Log, everyMs = 10_000, timers?: JobTimers) {
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      for (const job of jobs) await runOne(job, log, timers);
    } finally {
      running = null;
    }
  };
  const tick = async () => {
    if (running) return running;
    running = run();
    await running;
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return {
    /** Stop the timer and wait for a tick in progress, so the database can close under it. */
    async stop() {
      clearInterval(timer);
      await running;
    },
    tick,
  };
}

async function runOne(job: Job, log: Log, timers?: JobTimers): Promise<void> {
  const started = new Date();
  let claim: { since: Date | null } | null = { since: null };
  try {
    if (timers) claim = await timers.claim(job.name, started);
  } catch (err) {
    log.error({ err, job: job.name }, 'could not claim scheduled work; will retry');
    return;
  }
  if (!claim) return; // another server is running it right now
  const renew = timers ? setInterval(() => void timers.renew(job.name).catch(() => {}), timers.renewEveryMs) : null;
  renew?.unref();
  try {
    const done = await job.run(claim.since);
    if (Array.isArray(done) ? done.length : done) log.info({ job: job.name, done }, 'scheduled work done');
    await timers?.finish(job.name, started);
  } catch (err) {
    log.error({ err, job: job.name }, 'scheduled work failed; will retry');
    await timers?.release(job.name).catch(() => {});
  } finally {
    if (renew) clearInterval(renew);
  }
}
