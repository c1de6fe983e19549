import { type ErrorStatus, type ErrorStrings, stringsFor } from '../i18n/strings.ts';

/**
 * The typed errors the app throws on purpose. Each carries the status, a message
 * fit for the public, and optionally a private cause for the log.
 *
 * A message is usually picked from the site's words (`(t) => t.notFound`) rather
 * than written out, so that the error handler can show it in the language of
 * the reader's site; the newsroom, JSON answers and the log get the English.
 */
export type PublicMessage = string | ((t: ErrorStrings) => string);

const ENGLISH = stringsFor('en').errors;

export class HttpError extends Error {
  readonly status: number;
  /** The message in English. */
  readonly publicMessage: string;
  /** The title in English. */
  readonly title: string;
  private readonly words: PublicMessage;

  constructor(status: number, message: PublicMessage, options?: { cause?: unknown }) {
    const english = typeof message === 'string' ? message : message(ENGLISH);
    super(english, options);
    this.status = status;
    this.publicMessage = english;
    this.title = errorTitle(ENGLISH, status);
    this.words = message;
  }

  /** Title and message in another language's words. A message given as plain text stays as it is. */
  in(t: ErrorStrings): { title: string; message: string } {
    return { title: errorTitle(t, this.status), message: typeof this.words === 'string' ? this.words : this.words(t) };
  }
}

function errorTitle(t: ErrorStrings, status: number): string {
  return t.titles[status as ErrorStatus] ?? t.titles[status >= 500 ? 500 : 400];
}

export class BadRequest extends HttpError {
  constructor(message: PublicMessage, options?: { cause?: unknown }) {
    super(400, message, options);
  }
}

/** 401: a form posted after the session ended. */
export class SignedOut extends HttpError {
  constructor() {
    super(401, (t) => t.sessionEnded);
  }
}

export class NotFound extends HttpError {
  constructor(message: PublicMessage = (t) => t.notFound) {
    super(404, message);
  }
}

export class Gone extends HttpError {
  constructor(message: PublicMessage = (t) => t.gone) {
    super(410, message);
  }
}

export class Forbidden extends HttpError {
  constructor(message: PublicMessage = (t) => t.forbidden) {
    super(403, message);
  }
}

export class Conflict extends HttpError {
  constructor(message: PublicMessage) {
    super(409, message);
  }
}

export class Unprocessable extends HttpError {
  constructor(message: PublicMessage) {
    super(422, message);
  }
}

/** Moved: the handler answers with a redirect instead of a page. */
export class Redirect extends Error {
  readonly location: string;
  readonly status: 301 | 302 | 303;

  constructor(
    location: string,
    status: 301 | 302 | 303 = 301,
  ) {
    super(`redirect to ${location}`);
    this.location = location;
    this.status = status;
  }
}
