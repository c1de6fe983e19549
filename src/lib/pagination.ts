export interface Page {
  number: number;
  size: number;
  offset: number;
}

export interface Pagination {
  current: number;
  total: number;
  prev: number | null;
  next: number | null;
}

export function pageOf(number: number, size: number): Page {
  return { number, size, offset: (number - 1) * size };
}

export function paginate(page: Page, totalItems: number): Pagination {
  const total = Math.max(1, Math.ceil(totalItems / page.size));
  return {
    current: page.number,
    total,
    prev: page.number > 1 ? page.number - 1 : null,
    next: page.number < total ? page.number + 1 : null,
  };
}

/** The URL of page n of a listing: page 1 has no query string, so it has one canonical URL. */
export function pageUrl(base: string, n: number, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams(extra);
  if (n > 1) params.set('page', String(n));
  const q = params.toString();
  return q ? `${base}?${q}` : base;
}
