import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool/index.js';

/**
 * Outgoing mail (invitations, password resets, sign-in links) over SMTP.
 * Without SMTP_URL (development) nothing is sent: each message, body and all,
 * goes to the log so a developer can follow a sign-in link from there.
 */

export interface Mail {
  /** One recipient: `reader@example.org` or `Ada Lovelace <ada@example.org>`. */
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra headers, e.g. List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) on mail a reader can stop. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** False when there is no mail server (no SMTP_URL): messages only go to the log, and pages must say so. */
  readonly delivers: boolean;
  /** Resolves once the mail server has accepted the message; rejects with a MailError. */
  send(mail: Mail): Promise<void>;
  close(): Promise<void>;
}

export interface MailLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** A message that could not be sent. The message is fit for the log; the caller words it for the user. */
export class MailError extends Error {
  /** nodemailer's code: EENVELOPE, EAUTH, ECONNECTION, ETIMEDOUT, ETLS … or EADDRESS for a bad address. */
  readonly code: string;
  readonly responseCode: number | null;

  constructor(
    message: string,
    code: string,
    /** The SMTP reply code when the server answered (550, 451 …). */
    responseCode: number | null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.code = code;
    this.responseCode = responseCode;
    this.name = 'MailError';
  }

  /** A 5xx reply: sending the same message again will fail the same way. */
  get permanent(): boolean {
    return this.responseCode !== null && this.responseCode >= 500 && this.responseCode < 600;
  }
}

const TIMEOUT_MS = 10_000;

export function createMailer(smtpUrl: string | null, from: string, log: MailLog): Mailer {
  const sender = parseAddress(from);
  if (!sender) throw new MailError(`The sender address ${JSON.stringify(from)} is not a mail address.`, 'EADDRESS', null);
  return smtpUrl ? smtpMailer(smtpUrl, sender, log) : logMailer(sender, log);
}

function logMailer(sender: Address, log: MailLog): Mailer {
  log.warn({}, 'SMTP_URL is not set: mail is written to this log instead of being sent (set SMTP_URL in production)');
  return {
    delivers: false,
    async send(mail) {
      const to = recipient(mail.to);
      log.info({ mail: { from: sender.address, to: to.address, subject: oneLine(mail.subject), text: mail.text } }, 'mail not sent (no SMTP_URL)');
    },
    async close() {},
  };
}

function smtpMailer(smtpUrl: string, sender: Address, log: MailLog): Mailer {
  const server = smtpOptions(smtpUrl);
  const transport = nodemailer.createTransport(server);
  const where = `${server.host}:${server.port}`;
  let closed = false;
  return {
    delivers: true,
    async send(mail) {
      if (closed) throw new MailError('The mailer has been closed.', 'ECLOSED', null);
      const to = recipient(mail.to);
      try {
        const info = await transport.sendMail({
          from: sender,
          to,
          subject: oneLine(mail.subject),
          text: mail.text,
          ...(mail.html === undefined ? {} : { html: mail.html }),
          // One line each: a header value never carries a line break of ours.
          ...(mail.headers ? { headers: Object.fromEntries(Object.entries(mail.headers).map(([k, v]) => [k, oneLine(v)])) } : {}),
        });
        log.info({ mail: { to: to.address, subject: oneLine(mail.subject), messageId: info.messageId } }, 'mail sent');
      } catch (err) {
        throw new MailError(`Mail to ${to.address} was not sent: ${reason(err, where)}`, codeOf(err), responseCodeOf(err), { cause: err });
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      transport.close();
    },
  };
}

/** Build nodemailer options from the URL ourselves: given `url`, nodemailer would ignore every other option. */
function smtpOptions(smtpUrl: string): SMTPPool.Options & { host: string; port: number } {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  if (!secure && url.protocol !== 'smtp:') throw new MailError('SMTP_URL must start with smtp:// or smtps://', 'ECONFIG', null);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const loopback = host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  return {
    pool: true,
    maxConnections: 2,
    host,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    // Credentials and sign-in links must not cross a network in clear text;
    // a relay on this machine may speak plain SMTP.
    requireTLS: !secure && !loopback,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS * 3,
    dnsTimeout: TIMEOUT_MS,
  };
}

interface Address {
  name: string;
  address: string;
}

/** `a@b.org`, `Name <a@b.org>` or `"Name" <a@b.org>`; exactly one address, no line breaks. */
export function parseAddress(value: string): Address | null {
  const s = value.trim();
  if (/[\r\n]/.test(s)) return null;
  const addr = /^[^\s<>@,;:"()[\]\\]+@[^\s<>@,;:"()[\]\\]+$/;
  // Split at the last "<" rather than with a pattern: `(.*?)\s*<` is quadratic on long runs of spaces.
  const open = s.lastIndexOf('<');
  if (open >= 0 && s.endsWith('>')) {
    const address = s.slice(open + 1, -1).trim();
    const name = s.slice(0, open).trim();
    if (!addr.test(address) || /[<>]/.test(name)) return null;
    return { name: name.length >= 2 && name.startsWith('"') && name.endsWith('"') ? name.slice(1, -1) : name, address };
  }
  return addr.test(s) ? { name: '', address: s } : null;
}

function recipient(to: string): Address {
  const a = parseAddress(to);
  if (!a) throw new MailError(`${JSON.stringify(to)} is not a single mail address.`, 'EADDRESS', null);
  return a;
}

/** Line breaks (and the spaces around them) become one space; split first, so a long run of spaces costs one pass. */
function oneLine(s: string): string {
  return s.split(/[\r\n]+/).map((line) => line.trim()).filter(Boolean).join(' ');
}

interface SmtpFailure {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  message?: string;
}

function codeOf(err: unknown): string {
  return (err as SmtpFailure)?.code ?? 'EMAIL';
}

function responseCodeOf(err: unknown): number | null {
  const c = (err as SmtpFailure)?.responseCode;
  return typeof c === 'number' ? c : null;
}

function reason(err: unknown, where: string): string {
  const e = (err ?? {}) as SmtpFailure;
  const said = e.response ? ` (the server said: ${oneLine(e.response)})` : '';
  switch (e.code) {
    case 'EENVELOPE':
      if (e.command === 'RCPT TO') return `the mail server at ${where} refused the recipient${said}`;
      if (e.command === 'MAIL FROM') return `the mail server at ${where} refused the sender address (MAIL_FROM)${said}`;
      return `the mail server at ${where} refused the message${said}`;
    case 'EAUTH':
      return `the mail server at ${where} refused the user name or password in SMTP_URL${said}`;
    case 'ETLS':
      return `could not start TLS with the mail server at ${where}; use smtps:// or a server that offers STARTTLS${said}`;
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'ETIMEDOUT':
    case 'EDNS':
      return `could not talk to the mail server at ${where}: ${e.message ?? e.code}`;
    default:
      return `the mail server at ${where} did not accept the message: ${e.response ? oneLine(e.response) : (e.message ?? String(err))}`;
  }
}
