import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError } from 'smtp-server';

/** One message as a real SMTP server received it. */
export interface CapturedMail {
  /** Envelope sender (MAIL FROM). */
  from: string;
  /** Envelope recipients (RCPT TO). */
  to: string[];
  /** The Subject header, encoded words decoded. */
  subject: string;
  /** Top-level headers, names lower-cased, folded lines joined, values not decoded. */
  headers: Record<string, string>;
  /** The text/plain part, transfer encoding and charset decoded, line ends as \n. */
  text: string;
  /** The text/html part, decoded the same way, or null. */
  html: string | null;
  /** The message exactly as received (after SMTP dot-unstuffing), as latin1 text. */
  raw: string;
}

export interface SmtpCapture {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  port: number;
  messages: CapturedMail[];
  /** Every AUTH the server accepted (it accepts any), for checking the credentials a client sent. */
  logins: { username: string; password: string }[];
  /** The first message (already received or still to come) that matches; rejects after timeoutMs. */
  waitFor(predicate: (m: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  close(): Promise<void>;
}

export interface SmtpCaptureOptions {
  /** Return true to refuse a recipient with "550 5.1.1 mailbox unavailable". */
  refuseRecipient?: (address: string) => boolean;
}

/** A real SMTP server on 127.0.0.1 (random port, no TLS, any or no login) that keeps what it receives. */
export async function startSmtpCapture(options: SmtpCaptureOptions = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const logins: { username: string; password: string }[] = [];
  const waiters = new Set<(m: CapturedMail) => void>();

  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 500,
    onAuth(auth, _session, callback) {
      logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
      callback(null, { user: auth.username ?? 'test' });
    },
    onRcptTo(address, _session, callback) {
      if (options.refuseRecipient?.(address.address)) {
        const err: SMTPServerError = new Error(`5.1.1 <${address.address}>: mailbox unavailable`);
        err.responseCode = 550;
        return callback(err);
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', callback);
      stream.on('end', () => {
        try {
          const raw = Buffer.concat(chunks).toString('latin1');
          const envelope = session.envelope;
          const mail: CapturedMail = {
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            ...parseMessage(raw),
            raw,
          };
          messages.push(mail);
          for (const w of [...waiters]) w(mail);
          callback();
        } catch (err) {
          callback(err as Error);
        }
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    logins,
    waitFor(predicate, timeoutMs = 5000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          const got = messages.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms (received: ${got})`));
        }, timeoutMs);
        const check = (m: CapturedMail) => {
          if (!predicate(m)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(m);
        };
        waiters.add(check);
      });
    },
    close() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

// --- a small MIME reader: enough for what nodemailer writes ---------------------------

interface Part {
  headers: Record<string, string>;
  body: string; // latin1: one char per byte
}

function parseMessage(raw: string): Pick<CapturedMail, 'subject' | 'headers' | 'text' | 'html'> {
  const top = splitPart(raw);
  let text: string | null = null;
  let html: string | null = null;
  for (const leaf of leaves(top)) {
    const type = mediaType(leaf.headers['content-type']);
    if (leaf.headers['content-disposition']?.toLowerCase().startsWith('attachment')) continue;
    if (type === 'text/plain' && text === null) text = decodeBody(leaf);
    if (type === 'text/html' && html === null) html = decodeBody(leaf);
  }
  return { subject: decodeWords(top.headers.subject ?? ''), headers: top.headers, text: text ?? '', html };
}

function splitPart(s: string): Part {
  const m = /\r?\n\r?\n/.exec(s);
  const head = m ? s.slice(0, m.index) : s;
  const body = m ? s.slice(m.index + m[0].length) : '';
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!(name in headers)) headers[name] = line.slice(i + 1).trim();
  }
  return { headers, body };
}

function* leaves(part: Part): Generator<Part> {
  const ct = part.headers['content-type'] ?? 'text/plain';
  if (!mediaType(ct).startsWith('multipart/')) {
    yield part;
    return;
  }
  const boundary = param(ct, 'boundary');
  if (!boundary) return;
  const delimiter = new RegExp(`(?:^|\\r?\\n)--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'g');
  const pieces: string[] = [];
  let last = -1;
  for (let m = delimiter.exec(part.body); m; m = delimiter.exec(part.body)) {
    if (last >= 0) pieces.push(part.body.slice(last, m.index));
    if (m[1]) break;
    last = m.index + m[0].length;
  }
  for (const piece of pieces) yield* leaves(splitPart(piece));
}

function decodeBody(part: Part): string {
  const cte = (part.headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes: Buffer;
  if (cte === 'base64') bytes = Buffer.from(part.body.replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
  else if (cte === 'quoted-printable') bytes = decodeQuotedPrintable(part.body);
  else bytes = Buffer.from(part.body, 'latin1');
  const charset = param(part.headers['content-type'] ?? '', 'charset') ?? 'utf-8';
  return new TextDecoder(charset).decode(bytes).replace(/\r\n/g, '\n');
}

function decodeQuotedPrintable(s: string): Buffer {
  const unwrapped = s.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const c = unwrapped[i];
    const hex = unwrapped.slice(i + 1, i + 3);
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(unwrapped.charCodeAt(i) & 0xff);
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=); whitespace between two of them is dropped. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?[^?]+\?[QqBb]\?[^?]*\?=)/g, '$1')
    .replace(/=\?([^?*]+)(?:\*[^?]*)?\?([QqBb])\?([^?]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B' ? Buffer.from(text, 'base64') : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return new TextDecoder(charset).decode(bytes);
    });
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? 'text/plain').split(';')[0].trim().toLowerCase();
}

function param(header: string, name: string): string | null {
  const m = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i').exec(header);
  return m ? (m[1] ?? m[2]) : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
