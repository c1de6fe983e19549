import { askForLink, deleteAccount, saveName, showAccount, showLink, showSignIn, signOut, useLink } from '../accounts/reader-pages.ts';
import { deleteComment, saveEdit, showDelete, showEdit, showStopReplies, showYours, stopReplies, yoursJson } from '../comments/own-pages.ts';
import { postComment, showReply } from '../comments/post-pages.ts';
import { castVote, checkReceipt, pollState, showPoll } from '../polls/pages.ts';
import { sendAppeal, sendReport, showAppeal, showReport, showUnsubscribe, unsubscribe } from '../moderation/reader-pages.ts';
import type { Services } from '../services.ts';
import type { RouteRow } from './mount.ts';

/** Reader rows are for anyone or anyone signed in: none can name a newsroom capability (the type forbids it). */
export type ReaderRow = RouteRow<'anyone' | 'signed-in'>;

/** Every reader account page, and the reader's side of polls, in one table. */
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

    // Polls: what a reader sees depends on whether they voted, so these are private. The vote form is on
    // cached pages and cannot carry a token: its origin is checked instead (docs/architecture.md).
    { method: 'GET', url: '/polls/:id', who: 'anyone', handler: showPoll(s) },
    { method: 'GET', url: '/polls/:id/state', who: 'anyone', handler: pollState(s) },
    { method: 'POST', url: '/polls/:id/vote', who: 'anyone', form: 'origin', handler: castVote(s) },
    { method: 'POST', url: '/polls/:id/check', who: 'anyone', form: 'origin', handler: checkReceipt(s) },

    // Comments: the form is on the cached article page, so posting (and the author's edit and delete, also sent by
    // comments.js from there) checks the origin; who posts comes from the session. A mail program's one-click
    // unsubscribe carries no cookie and no Origin: the signed link is the proof (checked in the handler).
    { method: 'POST', url: '/articles/:id/comments', who: 'anyone', form: 'origin', handler: postComment(s) },
    { method: 'GET', url: '/comments/:id/reply', who: 'anyone', handler: showReply(s) },
    { method: 'GET', url: '/comments/:id/edit', who: 'anyone', handler: showEdit(s) },
    { method: 'POST', url: '/comments/:id/edit', who: 'anyone', form: 'origin', handler: saveEdit(s) },
    { method: 'GET', url: '/comments/:id/delete', who: 'anyone', handler: showDelete(s) },
    { method: 'POST', url: '/comments/:id/delete', who: 'anyone', form: 'origin', handler: deleteComment(s) },
    { method: 'GET', url: '/comments/yours', who: 'anyone', handler: showYours(s) },
    { method: 'GET', url: '/comments/yours.json', who: 'anyone', handler: yoursJson(s) },
    { method: 'GET', url: '/comments/unsubscribe/:token', who: 'anyone', handler: showStopReplies(s) },
    { method: 'POST', url: '/comments/unsubscribe/:token', who: 'anyone', form: 'in-handler', handler: stopReplies(s) },

    // Moderation: reports are accountable, so only signed-in readers make them, on a page of their own (it carries a form token).
    { method: 'GET', url: '/comments/:id/report', who: 'signed-in', handler: showReport(s) },
    { method: 'POST', url: '/comments/:id/report', who: 'signed-in', handler: sendReport(s) },
    // An author appeals once: from their account, or (a guest) through the link signed for that decision.
    { method: 'GET', url: '/account/appeals/:logId', who: 'signed-in', handler: showAppeal(s) },
    { method: 'POST', url: '/account/appeals/:logId', who: 'signed-in', handler: sendAppeal(s) },
    { method: 'GET', url: '/appeal/:logId/:token', who: 'anyone', handler: showAppeal(s) },
    { method: 'POST', url: '/appeal/:logId/:token', who: 'anyone', handler: sendAppeal(s) },
    // Stopping moderation mail: the signed token in the address is the proof, so a mail program's one-click POST works (RFC 8058).
    { method: 'GET', url: '/moderation/mail/:token', who: 'anyone', handler: showUnsubscribe(s) },
    { method: 'POST', url: '/moderation/mail/:token', who: 'anyone', form: 'in-handler', handler: unsubscribe(s) },
  ];
}
