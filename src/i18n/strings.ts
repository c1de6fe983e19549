import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fr } from './fr.ts';
import type { Role } from '../db/schema.ts';

/**
 * The words of the reader's site, in each language the site can be set to.
 * The newsroom (/admin) is in English. To add a language, copy `en.ts`,
 * translate every entry and list it below; the types make sure nothing is
 * left out.
 */
export interface SiteStrings {
  skipToContent: string;
  search: string;
  /** The name of the search forms, for screen readers. */
  articles: string;
  searchArticles: string;
  sectionsNav: string;
  footerNav: string;
  rssFeed: string;
  atomFeed: string;
  yourAccount: string;
  colophon: string;
  justIn: string;
  topics: string;
  newer: string;
  older: string;
  pages: string;
  pageOf: (n: number, total: number) => string;
  and: string;
  by: string;
  minRead: (n: number) => string;
  share: string;
  shareThisArticle: string;
  print: string;
  previous: string;
  next: string;
  previousAndNext: string;
  related: string;
  comments: string;
  historyLink: string;
  /** In an article's byline, around the time of the last change published after it. */
  updatedAt: Around;
  moreFrom: (site: string) => string;
  leadStory: string;
  latest: string;
  /** Heading above the stories the editors pinned to the front page. */
  featured: string;
  nothingPublished: string;
  noArticlesHere: string;
  sectionKicker: string;
  topicKicker: string;
  authorKicker: string;
  /** A staff member's profile: on their author page, and in the box under their articles. */
  profile: ProfileStrings;
  articlesAbout: (tag: string) => string;
  searchResultsFor: (q: string) => string;
  matches: (n: number) => string;
  noMatches: string;
  searchInstead: string;
  frontPage: string;
  error: (status: number) => string;
  photo: string;
  /** Error pages on the reader's site. */
  errors: ErrorStrings;
  /** An article's public history, and the notes of its corrections and updates. */
  history: HistoryStrings;
  /** A static page (About, Corrections policy) and its public history. */
  staticPage: StaticPageStrings;
  /** The reader's pages at /account. */
  account: AccountStrings;
  /** The mail a reader gets with a sign-in link. */
  mail: MailStrings;
}

/**
 * A sentence with one marked-up part in it (a date, a name in bold): the
 * translation puts the part where its grammar wants it, the view wraps it.
 * The text pieces are escaped like any other value.
 */
export type Around = <T>(part: T) => (string | T)[];

/** The statuses an error page has a title for; any other takes 400's or 500's. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 500;

export interface ErrorStrings {
  titles: Record<ErrorStatus, string>;
  // What an error says when the code that raised it gave no message of its own.
  notFound: string;
  gone: string;
  forbidden: string;
  tooLarge: string;
  tooManyRequests: string;
  notUnderstood: string;
  serverError: string;
  sessionEnded: string;
  // Particular messages.
  formExpired: string;
  noSuchPageNumber: string;
  articleWithdrawn: string;
  chooseTwoRevisions: string;
  // These three are named by query schemas (http/query.ts), so they are plain
  // text; the limits written in them are those of pageParam and the search box.
  pageNumber: string;
  revisionNumber: string;
  searchTooLong: string;
  repeatedParameter: (name: string) => string;
  invalidParameter: (name: string) => string;
  bylineInNewsroom: string;
  newsroomAccount: string;
}

export type RevisionKind = 'published' | 'update' | 'correction' | 'redaction';

export interface HistoryStrings {
  title: (article: string) => string;
  description: (article: string) => string;
  intro: string;
  backToArticle: string;
  revisions: string;
  noRevisions: string;
  kinds: Record<RevisionKind, string>;
  revision: (n: number) => string;
  /** The editor's name, after the date. */
  byEditor: (name: string) => string;
  /** Shown for a revision whose editor's account is gone. */
  theEditors: string;
  compareWith: (n: number) => string;
  compareRevisions: string;
  fromRevision: string;
  toRevision: string;
  compare: string;
  changes: (from: number, to: number) => string;
  stats: (added: number, removed: number) => string;
  diff: DiffStrings;
  /** The box of notes above an article's body. */
  notesLabel: string;
  /** The start of a note, around its date. */
  noteLead: Record<Exclude<RevisionKind, 'published'>, Around>;
  /** Between a note's date and its text (French sets a space before it). */
  colon: string;
  seeHistory: string;
}

/** What a static page says about itself; its history shares the article history's other words. */
export interface StaticPageStrings {
  historyLink: string;
  /** Around the date of the last change. */
  lastUpdated: Around;
  historyIntro: string;
  backToPage: string;
}

export interface ProfileStrings {
  portraitOf: (name: string) => string;
  /** Heading of the box under an article: one author or several. */
  aboutAuthors: (count: number) => string;
  /** The link from that box to the author page. */
  moreBy: (name: string) => string;
  /** The name of the list of a person's links, for screen readers. */
  elsewhere: (name: string) => string;
  website: string;
  email: string;
}

/** The hidden labels and markers of a word-by-word comparison. */
export interface DiffStrings {
  /** Read out before inserted text, with its colon and space. */
  added: string;
  removed: string;
  paragraphBreak: string;
  lineBreak: string;
  noChanges: string;
  /** Shown when some changed passages were too large to compare word by word. */
  tooManyChanges: string;
  unchangedNotShown: (n: number) => string;
}

export interface AccountStrings {
  signIn: string;
  signInIntro: string;
  emailLabel: string;
  sendLink: string;
  cookieNote: (days: number) => string;
  checkInbox: string;
  linkSent: string;
  linkSentHelp: (minutes: number) => string;
  sendAnother: string;
  throttled: (minutes: number) => string;
  mailFailed: string;
  tryAgain: string;
  signInTo: (site: string) => string;
  pressButton: string;
  whyButton: string;
  linkGone: string;
  linkGoneHelp: (minutes: number) => string;
  getNewLink: string;
  sendNewLink: string;
  linkExpired: string;
  signedInAs: Around;
  yourName: string;
  staffName: Around;
  displayName: string;
  nameHint: (max: number) => string;
  saveName: string;
  yourComments: string;
  noComments: string;
  pollsVoted: string;
  pollsHint: string;
  noPolls: string;
  signOut: string;
  deleteAccount: string;
  staffCannotDelete: (role: string) => string;
  deleteExplain: string;
  deleteConfirm: string;
  roles: Record<Role, string>;
  notices: { signedOut: string; deleted: string; nameSaved: string };
  deleteUnconfirmed: string;
  problems: {
    emailMissing: string;
    emailMalformed: string;
    nameControl: string;
    nameEmpty: string;
    nameTooLong: (max: number, length: number) => string;
  };
}

export interface MailStrings {
  hello: string;
  copyAddress: string;
  /** How long a link lasts: "within 20 minutes", "within an hour". */
  within: (minutes: number) => string;
  signInSubject: (site: string) => string;
  signInIntro: (site: string, within: string) => string;
  signInIgnore: string;
  signInButton: (site: string) => string;
}


export const LANGUAGES = { en: 'English', fr: 'Français', de: 'Deutsch', es: 'Español' } as const;
export type Language = keyof typeof LANGUAGES;

const ALL: Record<Language, SiteStrings> = { en, fr, de, es };

export function stringsFor(language: string): SiteStrings {
  return ALL[language as Language] ?? en;
}
