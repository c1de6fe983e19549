/**
 * The address as the request log keeps it. One-time tokens travel in the path
 * of emailed links (password reset, invitation, reader sign-in); whoever reads
 * the log must not be able to use them, so they are masked, as is a form token
 * a client put in a query string.
 */
const TOKEN_PATHS = /^(\/admin\/reset\/|\/admin\/invitation\/|\/account\/sign-in\/)[^/?#]+/;

export function loggableUrl(url: string): string {
  return url.replace(TOKEN_PATHS, '$1…').replace(/([?&])_csrf=[^&]*/g, '$1_csrf=…');
}
