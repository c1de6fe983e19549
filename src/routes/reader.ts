import { askForLink, deleteAccount, saveName, showAccount, showLink, showSignIn, signOut, useLink } from '../accounts/reader-pages.ts';
import type { Services } from '../services.ts';
import type { RouteRow } from './mount.ts';

/** Reader rows are for anyone or anyone signed in: none can name a newsroom capability (the type forbids it). */
export type ReaderRow = RouteRow<'anyone' | 'signed-in'>;

/** Every reader account page, in one table. */
export function readerRoutes(s: Services): ReaderRow[] {
  return [
    { method: 'GET', url: '/account/sign-in', who: 'anyone', handler: showSignIn(s) },
    { method: 'POST', url: '/account/sign-in', who: 'anyone', handler: askForLink(s) },
    { method: 'GET', url: '/account/sign-in/:token', who: 'anyone', handler: showLink(s) },
    { method: 'POST', url: '/account/sign-in/:token', who: 'anyone', handler: useLink(s) },
    { method: 'POST', url: '/account/sign-out', who: 'anyone', handler: signOut(s) },

    { method: 'GET', url: '/account', who: 'signed-in', handler: showAccount(s) },
    { method: 'POST', url: '/account/name', who: 'signed-in', handler: saveName(s) },
    { method: 'POST', url: '/account/delete', who: 'signed-in', handler: deleteAccount(s) },
  ];
}
