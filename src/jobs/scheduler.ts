/**
 * The site's timed work: each job is one small function that does whatever has
 * fallen due (publish scheduled articles, take down expired pins, empty the
 * bin, close polls). Every app server runs them; each job's own claim (a
 * conditional update or delete) makes sure a thing is done once. Nothing is
 * kept in memory that a restart would lose: what fell due while the server was
 * down is done on the first tick after start. A job that fails is logged and
 * tried again on the next tick; the others still run.
 */
export interface Job {
  name: string;
  /** Does what is due; returns what it did, for the log (nothing, or an empty list, when there was nothing). */
  run(): Promise<unknown>;
}

export function startScheduler(jobs: Job[], log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void }, everyMs = 10_000) {
  let running: Promise<void> | null = null;
  const run = async () => {
    try {
      for (const job of jobs) {
        try {
          const done = await job.run();
          if (Array.isArray(done) ? done.length : done) log.info({ job: job.name, done }, 'scheduled work done');
        } catch (err) {
          log.error({ err, job: job.name }, 'scheduled work failed; will retry');
        }
      }
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
