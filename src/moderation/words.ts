import type { Language } from '../i18n/strings.ts';
import { de, es, fr } from './words-more.ts';

/**
 * The words of moderation on the reader's site and in the mail readers get, in
 * each of the site's languages. The reasons themselves are the newsroom's own
 * words (a site setting) and are shown as written.
 */
export interface ModerationWords {
  logTitle: string;
  logIntro: string;
  logNever: string;
  logEmpty: string;
  columns: { when: string; action: string; whose: string; reason: string; article: string };
  actions: {
    approve: string;
    remove: string;
    ban: (until: string | null) => string;
    'lift-ban': string;
    'appeal-upheld': string;
    'appeal-overturned': string;
  };
  appealOf: (date: string) => string;
  articleGone: string;

  reportTitle: string;
  reportIntro: string;
  reportAccountable: string;
  commentBy: (name: string) => string;
  onArticle: string;
  reasonLabel: string;
  noteLabel: string;
  sendReport: string;
  reported: string;
  alreadyReported: string;
  ownComment: string;
  notReportable: string;
  reportThrottled: string;
  backToArticle: string;
  chooseReason: string;
  noteTooLong: (max: number) => string;

  appealTitle: string;
  decisionRemoved: (date: string, article: string, reason: string) => string;
  decisionBanned: (date: string, until: string | null, reason: string) => string;
  yourComment: string;
  appealRules: (days: number) => string;
  appealLabel: string;
  appealHint: (min: number, max: number) => string;
  sendAppeal: string;
  appealSent: string;
  appealWaiting: string;
  appealDecided: (decision: 'upheld' | 'overturned', reason: string) => string;
  appealTooLate: (days: number) => string;
  appealLinkBad: string;
  appealTooShort: (min: number) => string;
  appealTooLong: (max: number) => string;

  accountTitle: string;
  accountNone: string;
  accountReports: (n: number) => string;
  appeal: string;

  mail: {
    removedSubject: (site: string) => string;
    removed: (article: string, reason: string) => string;
    marker: (reason: string) => string;
    bannedSubject: (site: string) => string;
    banned: (until: string | null, reason: string) => string;
    liftedSubject: (site: string) => string;
    lifted: string;
    note: (note: string) => string;
    appealHow: (days: number) => string;
    appealButton: string;
    decidedSubject: (site: string) => string;
    upheld: (reason: string) => string;
    overturnedComment: (reason: string) => string;
    overturnedBan: (reason: string) => string;
    unsubscribe: string;
  };
  unsubscribeTitle: string;
  unsubscribeExplain: string;
  unsubscribeButton: string;
  unsubscribed: string;
}

const en: ModerationWords = {
  logTitle: 'Moderation log',
  logIntro: 'Every decision our moderators take about readers’ comments is listed here, as it was taken: approvals, removals, bans and appeals, each with its reason.',
  logNever: 'The log never shows a removed comment’s words or who reported it. Entries are never deleted; a reader who closes their account is shown under a pseudonym.',
  logEmpty: 'No moderation decisions yet.',
  columns: { when: 'Date', action: 'Decision', whose: 'Comment by', reason: 'Reason', article: 'Article' },
  actions: {
    approve: 'Approved',
    remove: 'Removed',
    ban: (until) => (until ? `Banned from commenting until ${until}` : 'Banned from commenting for good'),
    'lift-ban': 'Ban lifted',
    'appeal-upheld': 'Appeal turned down',
    'appeal-overturned': 'Appeal granted',
  },
  appealOf: (date) => `appeal against the decision of ${date}`,
  articleGone: 'an article no longer published',

  reportTitle: 'Report a comment',
  reportIntro: 'Tell the moderators which of the house rules this comment breaks. A moderator reads every report and decides; a report never hides a comment by itself, however many there are.',
  reportAccountable: 'The moderators see your name with your report. The author and other readers never do.',
  commentBy: (name) => `Comment by ${name}`,
  onArticle: 'on',
  reasonLabel: 'Reason',
  noteLabel: 'Anything the moderators should know (optional)',
  sendReport: 'Send the report',
  reported: 'Thank you: the moderators have your report.',
  alreadyReported: 'You have already reported this comment. One report per reader is enough: the moderators will read it.',
  ownComment: 'This is your own comment: you cannot report it.',
  notReportable: 'This comment can no longer be reported: it has been taken down.',
  reportThrottled: 'You have sent a lot of reports in a short time. Try again in an hour.',
  backToArticle: 'Back to the article',
  chooseReason: 'Choose a reason from the list.',
  noteTooLong: (max) => `Keep the note under ${max} characters.`,

  appealTitle: 'Appeal a moderation decision',
  decisionRemoved: (date, article, reason) => `On ${date} the moderators removed your comment on “${article}”. Reason: ${reason}.`,
  decisionBanned: (date, until, reason) => `On ${date} the moderators stopped you from commenting ${until ? `until ${until}` : 'for good'}. Reason: ${reason}.`,
  yourComment: 'Your comment',
  appealRules: (days) => `You can appeal once, in writing, within ${days} days of the decision. A different moderator from the one who acted reads your appeal and decides. The decision is added to the public moderation log, without your words.`,
  appealLabel: 'Your appeal',
  appealHint: (min, max) => `Why should the decision change? Between ${min} and ${max} characters.`,
  sendAppeal: 'Send the appeal',
  appealSent: 'Your appeal is with the moderators. You will hear from us when it is decided.',
  appealWaiting: 'You have appealed this decision. A moderator will decide it.',
  appealDecided: (decision, reason) => (decision === 'upheld' ? `Your appeal was turned down: the decision stands. Reason: ${reason}.` : `Your appeal was granted. Reason: ${reason}.`),
  appealTooLate: (days) => `The ${days} days for an appeal against this decision have passed.`,
  appealLinkBad: 'This appeal link is not valid. Use the link in the email we sent you, whole.',
  appealTooShort: (min) => `Say a little more: at least ${min} characters.`,
  appealTooLong: (max) => `Keep your appeal under ${max} characters.`,

  accountTitle: 'Moderation',
  accountNone: 'The moderators have taken no decision about your comments.',
  accountReports: (n) => (n === 1 ? 'You have reported 1 comment.' : `You have reported ${n} comments.`),
  appeal: 'Appeal',

  mail: {
    removedSubject: (site) => `Your comment on ${site} was removed`,
    removed: (article, reason) => `The moderators removed your comment on “${article}”. Reason: ${reason}.`,
    marker: (reason) => `In its place the thread shows “Removed by the moderators: ${reason}”; the replies to it stay.`,
    bannedSubject: (site) => `You can no longer comment on ${site}`,
    banned: (until, reason) => `The moderators have stopped you from commenting ${until ? `until ${until}` : 'for good'}. Reason: ${reason}.`,
    liftedSubject: (site) => `You can comment on ${site} again`,
    lifted: 'The moderators have lifted your ban: you can comment again.',
    note: (note) => `The moderator added: ${note}`,
    appealHow: (days) => `You can appeal once, in writing, within ${days} days. A different moderator will decide. Write your appeal here:`,
    appealButton: 'Write an appeal',
    decidedSubject: (site) => `Your appeal to the moderators of ${site}`,
    upheld: (reason) => `A moderator has read your appeal and turned it down: the decision stands. Reason: ${reason}.`,
    overturnedComment: (reason) => `A moderator has read your appeal and granted it: your comment is back in the thread. Reason: ${reason}.`,
    overturnedBan: (reason) => `A moderator has read your appeal and granted it: your ban is lifted. Reason: ${reason}.`,
    unsubscribe: 'To get no more mail about moderation at this address, open:',
  },
  unsubscribeTitle: 'Mail about moderation',
  unsubscribeExplain: 'Stop the mail we send this address about moderation decisions and appeals? Nothing else changes.',
  unsubscribeButton: 'Stop these emails',
  unsubscribed: 'Done: we will not write to this address about moderation again.',
};

const ALL: Record<Language, ModerationWords> = { en, fr, de, es };

export function moderationWords(language: string): ModerationWords {
  return ALL[language as Language] ?? en;
}
