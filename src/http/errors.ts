/**
 * The typed errors the app throws on purpose. Each carries the status, a message
 * fit for the public, and optionally a private cause for the log.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly publicMessage: string,
    readonly title: string,
    options?: { cause?: unknown },
  ) {
    super(publicMessage, options);
  }
}

export class BadRequest extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, 'Bad request', options);
  }
}

export class NotFound extends HttpError {
  constructor(message = 'We could not find that page. It may have moved, or the address may be mistyped.') {
    super(404, message, 'Page not found');
  }
}

export class Gone extends HttpError {
  constructor(message = 'This page has been withdrawn.') {
    super(410, message, 'No longer available');
  }
}

export class Forbidden extends HttpError {
  constructor(message = 'You do not have permission to do that.') {
    super(403, message, 'Not allowed');
  }
}

export class Conflict extends HttpError {
  constructor(message: string) {
    super(409, message, 'Conflict');
  }
}

export class PayloadTooLarge extends HttpError {
  constructor(message = 'What you sent is larger than we accept.') {
    super(413, message, 'Too large');
  }
}

export class Unprocessable extends HttpError {
  constructor(message: string) {
    super(422, message, 'Could not be processed');
  }
}

export class TooManyRequests extends HttpError {
  constructor(message = 'Too many requests. Please wait a moment and try again.') {
    super(429, message, 'Slow down');
  }
}

/** Moved: the handler answers with a redirect instead of a page. */
export class Redirect extends Error {
  constructor(
    readonly location: string,
    readonly status: 301 | 302 | 303 = 301,
  ) {
    super(`redirect to ${location}`);
  }
}
