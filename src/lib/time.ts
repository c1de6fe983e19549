export function nowIso(): string {
  return new Date().toISOString();
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string, opts: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(opts)}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...opts, timeZone });
    formatters.set(key, f);
  }
  return f;
}

const formattedDates = new Map<string, string>();

/**
 * "27 November 2026" in the site's time zone. Intl formatting is slow next to
 * everything else on a page, and the same dates recur on every page, so the
 * results are remembered (a bounded map, emptied when full).
 */
export function formatDate(iso: string, locale: string, timeZone: string): string {
  const key = `${iso}|${locale}|${timeZone}`;
  let out = formattedDates.get(key);
  if (out === undefined) {
    out = formatter(locale, timeZone, { day: 'numeric', month: 'long', year: 'numeric' }).format(new Date(iso));
    if (formattedDates.size >= 20_000) formattedDates.clear();
    formattedDates.set(key, out);
  }
  return out;
}

/** "27 November 2026, 14:05" in the site's time zone. */
export function formatDateTime(iso: string, locale: string, timeZone: string): string {
  return formatter(locale, timeZone, {
    day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
  }).format(new Date(iso));
}

/**
 * "2026-12-01T09:30" as wall-clock time in a time zone → ISO UTC. The offset is
 * found by formatting a first guess in that zone and correcting by the difference.
 */
export function zonedLocalToIso(local: string, timeZone: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const wanted = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(wanted));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const shown = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return new Date(wanted - (shown - wanted)).toISOString();
}

/** ISO UTC → "2026-12-01T09:30" in a time zone, for a datetime-local field. */
export function isoToZonedLocal(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso));
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
}
