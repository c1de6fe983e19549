import type { Language } from '../i18n/strings.ts';
import type { RefusalCode } from './intake/types.ts';
import { de, es, fr } from './words-translated.ts';

/** The words of comments on the reader's site and in reply mail, in each of the site's languages. */
export interface CommentWords {
  heading: string;
  count: (n: number) => string;
  open: string;
  closed: string;
  noneYet: string;
  sortBy: string;
  sorts: { oldest: string; newest: string; replied: string };
  earlier: string;
  later: string;
  pageOf: (current: number, total: number) => string;
  showAllReplies: (n: number) => string;
  reply: string;
  report: string;
  edited: string;
  staff: string;
  removed: (reason: string) => string;
  deleted: string;
  pendingNote: string;
  moderationLog: string;
  yourComments: string;
  formHeading: string;
  replyHeading: (name: string) => string;
  cancelReply: string;
  bodyLabel: string;
  bodyHint: (maxChars: number, maxLinks: number) => string;
  nameLabel: string;
  nameHint: string;
  emailLabel: string;
  emailHint: string;
  notifyLabel: string;
  trapLabel: string;
  submit: string;
  guidelines: string;
  readersOnly: string;
  signIn: string;
  commentingAs: (name: string) => string;
  posted: string;
  pending: string;
  backToArticle: (title: string) => string;
  sendAgain: string;
  refusals: Record<RefusalCode, (d: Record<string, string | number | null>) => string>;
  threadTitle: (title: string) => string;
  editTitle: string;
  save: string;
  editUntil: (when: string) => string;
  editOver: string;
  notYours: string;
  gone: string;
  deleteTitle: string;
  deleteExplain: string;
  deleteButton: string;
  editButton: string;
  deleteButtonShort: string;
  confirmDelete: string;
  yoursTitle: string;
  yoursIntro: string;
  yoursNone: string;
  onArticle: (title: string) => string;
  statusWords: { pending: string; visible: string; removed: string; deleted: string };
  unsubscribeTitle: string;
  unsubscribeExplain: (title: string) => string;
  unsubscribeButton: string;
  unsubscribed: string;
  unsubscribeBad: string;
  mail: {
    subject: (name: string, title: string) => string;
    intro: (name: string, title: string) => string;
    read: string;
    why: string;
    stop: string;
  };
  liveNew: (n: number) => string;
}

const en: CommentWords = {
  heading: 'Comments',
  count: (n) => (n === 1 ? '1 comment' : `${n.toLocaleString('en')} comments`),
  open: 'Comments are open.',
  closed: 'Comments are closed.',
  noneYet: 'No comments yet.',
  sortBy: 'Sort comments',
  sorts: { oldest: 'Oldest first', newest: 'Newest first', replied: 'Most replies' },
  earlier: 'Previous comments',
  later: 'More comments',
  pageOf: (c, t) => `Page ${c} of ${t}`,
  showAllReplies: (n) => `Show the whole thread (${n === 1 ? '1 reply' : `${n.toLocaleString('en')} replies`})`,
  reply: 'Reply',
  report: 'Report',
  edited: 'edited',
  staff: 'Staff',
  removed: (reason) => `Removed by the moderators: ${reason}`,
  deleted: 'Deleted by its author.',
  pendingNote: 'Waiting for a moderator’s approval: only you can see it here.',
  moderationLog: 'Moderation log',
  yourComments: 'Your comments',
  formHeading: 'Add a comment',
  replyHeading: (name) => `Reply to ${name}`,
  cancelReply: 'Cancel the reply',
  bodyLabel: 'Your comment',
  bodyHint: (chars, links) => `Plain text: *emphasis*, **strong**, [links](https://…), > quotes and \`code\` work. Up to ${chars.toLocaleString('en')} characters${links ? ` and ${links === 1 ? 'one link' : `${links} links`}` : ', no links'}.`,
  nameLabel: 'Your name',
  nameHint: 'Shown with your comment. Not needed when you are signed in.',
  emailLabel: 'Your email address',
  emailHint: 'Never shown. Used for reply emails if you ask for them, and by the moderators.',
  notifyLabel: 'Email me when someone replies',
  trapLabel: 'Leave this field empty',
  submit: 'Post comment',
  guidelines: 'Be civil. A removed comment leaves a note with the reason, and every moderation is listed in the public log.',
  readersOnly: 'Only signed-in readers may comment here.',
  signIn: 'Sign in',
  commentingAs: (name) => `Commenting as ${name}.`,
  posted: 'Your comment is posted.',
  pending: 'Thank you. Your comment is waiting for a moderator’s approval and appears once approved.',
  backToArticle: (title) => `Back to “${title}”`,
  sendAgain: 'Your comment is kept below: check it and send it again.',
  refusals: {
    closed: () => 'Comments on this article are closed.',
    'sign-in': () => 'Only signed-in readers may comment here. Sign in, then send your comment again: it is kept below.',
    banned: (d) => `You may not comment on this site${d.until ? ` until ${d.until}` : ''}. The moderators’ reason: ${d.reason}`,
    trap: () => 'A field meant to stay empty was filled in, as programs do. If you are a person, send the form again.',
    'too-quick': () => 'That was sent quicker than a person types. Check your comment and send it again.',
    stale: () => 'This form is too old to be sent. Check your comment and send it again.',
    empty: () => 'Write your comment first.',
    'too-long': (d) => `A comment may be up to ${Number(d.max).toLocaleString('en')} characters; this one has ${Number(d.length).toLocaleString('en')}.`,
    'name-missing': () => 'Enter a name to show with your comment.',
    'name-too-long': (d) => `A name may be up to ${d.max} characters.`,
    'email-missing': () => 'Enter your email address (it is never shown).',
    'email-bad': () => 'That does not look like an email address.',
    'too-many-links': (d) => (Number(d.max) === 0 ? 'Comments here may not contain links.' : `A comment may contain up to ${d.max} links; this one has ${d.links}.`),
    blocked: () => 'Your comment contains a word or an address this site does not accept.',
    'bad-parent': () => 'This reply did not say which comment it answers in a way this site can read, so it was not posted. Sent again from here, it starts a new thread.',
    'no-parent': () => 'The comment you are replying to is not there any more.',
    duplicate: () => 'You have posted this comment already.',
    throttled: (d) => `You have posted a lot in a short time. Please wait ${d.minutes} minutes and try again.`,
  },
  threadTitle: (title) => `A thread on “${title}”`,
  editTitle: 'Edit your comment',
  save: 'Save the changes',
  editUntil: (when) => `You can edit it until ${when}.`,
  editOver: 'A comment can be edited for 15 minutes after it was posted.',
  notYours: 'Only the author of this comment can change it, from the browser or account it was posted with.',
  gone: 'This comment was removed or deleted.',
  deleteTitle: 'Delete your comment',
  deleteExplain: 'Its text is erased for good. A note saying it was deleted by its author keeps any replies in place.',
  deleteButton: 'Delete the comment',
  editButton: 'Edit',
  deleteButtonShort: 'Delete',
  confirmDelete: 'Delete your comment? Its text is erased for good.',
  yoursTitle: 'Your comments',
  yoursIntro: 'The comments posted from this browser, and from your account if you are signed in.',
  yoursNone: 'No comments from this browser or account.',
  onArticle: (title) => `On “${title}”`,
  statusWords: { pending: 'waiting for approval', visible: 'shown', removed: 'removed by the moderators', deleted: 'deleted' },
  unsubscribeTitle: 'Stop reply emails',
  unsubscribeExplain: (title) => `You will get no more emails about replies to your comment on “${title}”.`,
  unsubscribeButton: 'Stop these emails',
  unsubscribed: 'Done: no more emails about replies to this comment.',
  unsubscribeBad: 'This link is not valid. Copy it from the email whole.',
  mail: {
    subject: (name, title) => `${name} replied to your comment on “${title}”`,
    intro: (name, title) => `${name} replied to your comment on “${title}”:`,
    read: 'Read it and answer:',
    why: 'You get this email because you asked to hear about replies to your comment.',
    stop: 'Stop emails about this comment:',
  },
  liveNew: (n) => (n === 1 ? '1 new comment' : `${n} new comments`),
};

const ALL: Record<Language, CommentWords> = { en, fr, de, es };

export function commentWords(language: string): CommentWords {
  return ALL[language as Language] ?? en;
}

export { en as englishCommentWords };
