/**
 * The public links on a staff profile: a website, Mastodon, Bluesky, X and, if
 * the person wishes, an email address. They are shown on the author page with
 * rel="me", so only web addresses (http, https) and plain email addresses are
 * kept: a javascript: or data: address never reaches a page. Handles people
 * know by heart (@name@instance, @name.bsky.social, @name) become addresses.
 */

export const LINK_KINDS = ['website', 'mastodon', 'bluesky', 'x', 'email'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];
export type ProfileLinks = Partial<Record<LinkKind, string>>;

/** Longer than any real profile address, short enough to show. */
export const LINK_MAX = 300;
const EMAIL_MAX = 254;

export type LinkParse = { ok: true; value: string | null } | { ok: false; problem: string };

const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;
const MASTODON_HANDLE = /^@?([a-z0-9_]{1,30})@([^@\s]+)$/i;
const X_HANDLE = /^@?([a-z0-9_]{1,15})$/i;
/** An address as people write them (RFC 5322's dot-atom): no quoted parts, no scheme, nothing that needs escaping in a URL. */
const LOCAL_PART = /^[a-z0-9!#$%&*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&*+/=?^_`{|}~-]+)*$/i;

const WEB_ONLY = 'Give a web address starting with https:// (or http://).';

/** A typed value for one kind of link, as it will be stored; empty means none. */
export function parseLink(kind: LinkKind, typed: string): LinkParse {
  const t = typed.trim();
  if (!t) return { ok: true, value: null };
  if (t.length > (kind === 'email' ? EMAIL_MAX : LINK_MAX)) return { ok: false, problem: `Use at most ${kind === 'email' ? EMAIL_MAX : LINK_MAX} characters.` };
  switch (kind) {
    case 'email':
      return isPlainEmail(t) ? { ok: true, value: t } : { ok: false, problem: 'That does not look like an email address.' };
    case 'mastodon': {
      const m = MASTODON_HANDLE.exec(t);
      if (m) return DOMAIN.test(m[2]) ? { ok: true, value: `https://${m[2].toLowerCase()}/@${m[1]}` } : { ok: false, problem: 'Give your handle as @name@instance.social, or your profile’s address.' };
      return webAddress(t, 'Give your handle as @name@instance.social, or your profile’s address.');
    }
    case 'bluesky': {
      const handle = t.replace(/^@/, '');
      if (!/[/:]/.test(handle)) return DOMAIN.test(handle) ? { ok: true, value: `https://bsky.app/profile/${handle.toLowerCase()}` } : { ok: false, problem: 'Give your handle (name.bsky.social) or your profile’s address.' };
      return webAddress(t, 'Give your handle (name.bsky.social) or your profile’s address.');
    }
    case 'x': {
      const m = X_HANDLE.exec(t);
      if (m) return { ok: true, value: `https://x.com/${m[1]}` };
      return webAddress(t, 'Give your handle (@name) or your profile’s address.');
    }
    case 'website':
      // "example.org" alone is taken to mean its https address; anything with a scheme must be http(s).
      return webAddress(/^[a-z][a-z0-9+.-]*:/i.test(t) ? t : `https://${t}`, WEB_ONLY);
  }
}

function isPlainEmail(t: string): boolean {
  const at = t.lastIndexOf('@');
  const local = t.slice(0, at);
  return at > 0 && local.length <= 64 && LOCAL_PART.test(local) && DOMAIN.test(t.slice(at + 1));
}

/** An absolute http(s) address to a named host, without a user name or password in it. */
function webAddress(t: string, problem: string): LinkParse {
  if (/\s/.test(t) || !/^https?:\/\//i.test(t)) return { ok: false, problem };
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return { ok: false, problem };
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || !DOMAIN.test(url.hostname)) return { ok: false, problem };
  return url.href.length > LINK_MAX ? { ok: false, problem: `Use at most ${LINK_MAX} characters.` } : { ok: true, value: url.href };
}

/**
 * The links as stored (a JSON object), keeping only well-formed ones: whatever
 * else the column holds (an import, a hand edit) is left out rather than shown.
 */
export function storedLinks(json: string | null | undefined): ProfileLinks {
  let v: unknown;
  try {
    v = JSON.parse(json ?? '{}');
  } catch {
    return {};
  }
  if (!v || typeof v !== 'object') return {};
  const out: ProfileLinks = {};
  for (const kind of LINK_KINDS) {
    const value = (v as Record<string, unknown>)[kind];
    if (typeof value !== 'string') continue;
    const again = kind === 'email' ? parseLink('email', value) : webAddress(value, '');
    if (again.ok && again.value) out[kind] = again.value;
  }
  return out;
}

/** Where the link goes. */
export function linkHref(kind: LinkKind, value: string): string {
  return kind === 'email' ? `mailto:${value}` : value;
}

/** What a reader sees: the handle where there is one, else the address without its scheme. */
export function linkText(kind: LinkKind, value: string): string {
  if (kind === 'email') return value;
  const url = new URL(value);
  const path = url.pathname.replace(/\/+$/, '');
  const one = /^\/@?([^/]+)$/.exec(path)?.[1];
  if (kind === 'mastodon' && one && path.startsWith('/@')) return `@${one}@${url.hostname}`;
  if (kind === 'bluesky' && url.hostname === 'bsky.app' && path.startsWith('/profile/')) return `@${path.slice('/profile/'.length)}`;
  if (kind === 'x' && /^(www\.)?(x|twitter)\.com$/.test(url.hostname) && one) return `@${one}`;
  return `${url.hostname.replace(/^www\./, '')}${path}`;
}
