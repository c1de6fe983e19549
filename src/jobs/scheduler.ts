import type { ArticleBin } from '../articles/bin.ts';
import type { Pins } from '../articles/pins.ts';
import type { ArticleService } from '../articles/service.ts';
import type { PollService } from '../polls/service.ts';

/**
 * Publishes scheduled articles when their time comes. Every app server runs it;
 * the claim in publishDue() makes sure each article is published once. Nothing
 * is kept in memory, so a restart loses nothing: due articles go out on the
 * first tick after start.
 */
export function startScheduler(
  articles: ArticleService,
  log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void },
  everyMs = 10_000,
  pins?: Pins,
  bin?: ArticleBin,
  polls?: PollService,
) {
  let running: Promise<void> | null = null;
  // Polls that opened since the last tick (or in the last few minutes, on the first) have their pages drawn again.
  let lastTick = new Date(Date.now() - 5 * 60_000);
  const tick = async () => {
    if (running) return running;
    running = run();
    await running;
  };
  const run = async () => {
    try {
      const ids = await articles.publishDue();
      if (ids.length) log.info({ ids }, 'published scheduled articles');
      // Pins with an end time come down by themselves.
      const expired = await pins?.expire();
      if (expired) log.info({ expired }, 'took down pins whose time had come');
      // Binned articles past their 30 days stay only as tombstones (articles/bin.ts).
      const purged = await bin?.purgeExpired();
      if (purged?.length) log.info({ purged }, 'purged the bin of articles past their time to be restored');
      // Polls close at their time, and their voters' key is destroyed.
      const started = new Date();
      await polls?.tick(lastTick);
      lastTick = started;
    } catch (err) {
      log.error({ err }, 'scheduled publishing failed; will retry');
    } finally {
      running = null;
    }
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
