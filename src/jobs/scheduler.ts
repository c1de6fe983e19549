import type { ArticleService } from '../articles/service.js';

/**
 * Publishes scheduled articles when their time comes. Every app server runs it;
 * the claim in publishDue() makes sure each article is published once. Nothing
 * is kept in memory, so a restart loses nothing: due articles go out on the
 * first tick after start.
 */
export function startScheduler(articles: ArticleService, log: { error: (o: object, m: string) => void; info: (o: object, m: string) => void }, everyMs = 10_000) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const ids = await articles.publishDue();
      if (ids.length) log.info({ ids }, 'published scheduled articles');
    } catch (err) {
      log.error({ err }, 'scheduled publishing failed; will retry');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
