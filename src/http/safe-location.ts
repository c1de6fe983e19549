/**
 * Every redirect the site makes stays on the site. Browsers read "//host" and
 * "/\host" (and the same with tabs or newlines inside) as another site, so a
 * path is only safe when it starts with exactly one "/" followed by neither "/"
 * nor "\", and holds no control characters.
 */
export function isSitePath(location: string): boolean {
  return /^\/(?![/\\])/.test(location) && !/[\x00-\x1f\x7f]/.test(location);
}

/** A path made safe to send back as a Location: extra leading slashes and backslashes folded into one "/". */
export function toSitePath(path: string): string {
  let i = 0;
  while (i < path.length && (path[i] === '/' || path[i] === '\\')) i++;
  const safe = `/${path.slice(i)}`.replace(/[\x00-\x1f\x7f]/g, '');
  return isSitePath(safe) ? safe : '/';
}

/** A Location header value is acceptable when it is a site path or an absolute address on the site's own origin. */
export function isOnSite(location: string, siteOrigin: string): boolean {
  if (location.startsWith('/')) return isSitePath(location);
  try {
    return new URL(location).origin === siteOrigin;
  } catch {
    return false;
  }
}
