import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../../test/helpers/smtp.ts';
import { ConfigError, loadConfig } from '../config/config.ts';
import { createMailer, MailError, type MailLog, type Mailer } from './mailer.ts';
import { stringsFor } from '../i18n/strings.ts';
import { invitationMail, passwordResetMail, signInLinkMail } from './templates.ts';

const SITE = 'Die Laterne — Zürich ☕';
const FROM = 'Die Laterne — Zürich <news@laterne.test>';
// Longer than a mail line, with characters quoted-printable must escape (=, &, %).
const LINK =
  'https://news.example.org/account/accept?token=' +
  'Zq3_x-9Kp2LmN8vR4tY7wB1cD5fG0hJ6'.repeat(3) +
  '&next=%2Fadmin%2Farticles%3Fstate%3Ddraft%26page%3D2&lang=de-CH&sig=a%3Db%3D%3D';

function recordingLog() {
  const calls: { level: 'info' | 'warn'; obj: object; msg: string }[] = [];
  const log: MailLog = {
    info: (obj, msg) => calls.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => calls.push({ level: 'warn', obj, msg }),
  };
  return { log, calls };
}

describe('mail over a real SMTP server', () => {
  let smtp: SmtpCapture;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    mailer = createMailer(smtp.url, FROM, recordingLog().log);
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
  });

  it.each([
    ['an invitation', 'ada@example.org', invitationMail(SITE, 'Zoë Ōkubo', 'editor', LINK)],
    ['a password reset', 'bert@example.org', passwordResetMail(SITE, LINK, 30)],
    ['a sign-in link', 'cleo@example.org', signInLinkMail(SITE, LINK, 15)],
  ])('delivers %s with its link intact', async (_name, to, content) => {
    await mailer.send({ to, ...content });
    const got = await smtp.waitFor((m) => m.to.includes(to));

    expect(got.to).toEqual([to]);
    expect(got.from).toBe('news@laterne.test');
    expect(got.subject).toBe(content.subject);
    expect(got.subject).toContain(SITE);
    expect(got.text.trim()).toBe(content.text.trim());
    expect(got.text.split('\n')).toContain(LINK);
    expect(got.html).toContain(`href="${LINK.replaceAll('&', '&amp;')}"`);
    // Encoded in transit: the raw message never carries the 8-bit site name, and no line is too long.
    expect(got.raw).not.toContain('Zürich');
    expect(got.raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
  });

  it('puts the site name in the From header', async () => {
    await mailer.send({ to: 'dora@example.org', subject: 'Hello', text: 'Hi' });
    const got = await smtp.waitFor((m) => m.to.includes('dora@example.org'));
    expect(got.headers.from).toContain('<news@laterne.test>');
  });

  it('keeps a line break in a subject from becoming a header', async () => {
    await mailer.send({ to: 'eve@example.org', subject: 'Hi\r\nBcc: mallory@example.org', text: 'x' });
    const got = await smtp.waitFor((m) => m.to.includes('eve@example.org'));
    expect(got.to).toEqual(['eve@example.org']);
    expect(got.headers.bcc).toBeUndefined();
    expect(got.subject).toBe('Hi Bcc: mallory@example.org');
  });

  it('sends to exactly one address', async () => {
    for (const to of ['ada@example.org, mallory@example.org', 'ada@example.org\r\nmallory@example.org', 'not an address']) {
      await expect(mailer.send({ to, subject: 's', text: 't' })).rejects.toMatchObject({ name: 'MailError', code: 'EADDRESS' });
    }
    await mailer.send({ to: 'Fay Wray <fay@example.org>', subject: 'Named', text: 't' });
    expect((await smtp.waitFor((m) => m.subject === 'Named')).to).toEqual(['fay@example.org']);
  });
});

describe('SMTP login', () => {
  it('sends the user name and password from the URL, percent-decoded', async () => {
    const smtp = await startSmtpCapture();
    const mailer = createMailer(`smtp://news%40laterne.test:p%40ss%3Aw%2Frd@127.0.0.1:${smtp.port}`, FROM, recordingLog().log);
    try {
      await mailer.send({ to: 'ada@example.org', subject: 'Logged in', text: 't' });
      await smtp.waitFor((m) => m.subject === 'Logged in');
      expect(smtp.logins).toEqual([{ username: 'news@laterne.test', password: 'p@ss:w/rd' }]);
    } finally {
      await mailer.close();
      await smtp.close();
    }
  });
});

describe('when the mail server says no', () => {
  let smtp: SmtpCapture;
  let mailer: Mailer;

  beforeAll(async () => {
    smtp = await startSmtpCapture({ refuseRecipient: (a) => a.startsWith('nobody@') });
    mailer = createMailer(smtp.url, FROM, recordingLog().log);
  });
  afterAll(async () => {
    await mailer?.close();
    await smtp?.close();
  });

  it('rejects send() with a clear, permanent error for a refused recipient', async () => {
    const err = await mailer.send({ to: 'nobody@example.org', ...signInLinkMail(SITE, LINK, 15) }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailError);
    const e = err as MailError;
    expect(e.message).toMatch(/^Mail to nobody@example\.org was not sent: the mail server at 127\.0\.0\.1:\d+ refused the recipient/);
    expect(e.message).toContain('550');
    expect(e.code).toBe('EENVELOPE');
    expect(e.responseCode).toBe(550);
    expect(e.permanent).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it('still sends the next message', async () => {
    await mailer.send({ to: 'somebody@example.org', subject: 'After', text: 'ok' });
    expect((await smtp.waitFor((m) => m.subject === 'After')).to).toEqual(['somebody@example.org']);
  });

  it('says so when no mail server listens', async () => {
    const port = await freePort();
    const down = createMailer(`smtp://127.0.0.1:${port}`, FROM, recordingLog().log);
    try {
      await expect(down.send({ to: 'a@example.org', subject: 's', text: 't' })).rejects.toThrow(
        new RegExp(`could not talk to the mail server at 127\\.0\\.0\\.1:${port}`),
      );
    } finally {
      await down.close();
    }
  });
});

describe('without SMTP_URL', () => {
  it('writes the mail to the log instead of failing, and warns once', async () => {
    const { log, calls } = recordingLog();
    const mailer = createMailer(null, FROM, log);
    const content = signInLinkMail(SITE, LINK, 15);
    await mailer.send({ to: 'ada@example.org', ...content });
    await mailer.send({ to: 'bert@example.org', ...passwordResetMail(SITE, LINK, 30) });
    await mailer.close();

    const warnings = calls.filter((c) => c.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0].msg).toMatch(/SMTP_URL is not set/);
    const infos = calls.filter((c) => c.level === 'info');
    expect(infos).toHaveLength(2);
    expect(infos[0].obj).toMatchObject({ mail: { to: 'ada@example.org', subject: content.subject } });
    expect((infos[0].obj as { mail: { text: string } }).mail.text).toContain(`\n${LINK}\n`);
  });

  it('still refuses a bad address', async () => {
    const mailer = createMailer(null, FROM, recordingLog().log);
    await expect(mailer.send({ to: 'a@example.org, b@example.org', subject: 's', text: 't' })).rejects.toThrow(MailError);
  });
});

describe('templates', () => {
  it('escape what they are given in HTML', () => {
    const m = invitationMail('A & B <News>', '<script>alert(1)</script>', 'author', 'https://x.test/?a=1&b="2"');
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.html).toContain('A &amp; B &lt;News&gt;');
    expect(m.html).toContain('href="https://x.test/?a=1&amp;b=&quot;2&quot;"');
    expect(m.text).toContain('as an author');
    expect(invitationMail('S', 'I', 'contributor', LINK).text).toContain('as a contributor');
  });

  it('say how long a link lasts', () => {
    expect(passwordResetMail('S', LINK, 30).text).toContain('within 30 minutes');
    expect(signInLinkMail('S', LINK, 60).text).toContain('within an hour');
    expect(signInLinkMail('S', LINK, 120).text).toContain('within 2 hours');
  });

  it('write the sign-in link in the words they are given, and in English otherwise', () => {
    const fr = signInLinkMail('La Lanterne', LINK, 60, stringsFor('fr').mail);
    expect(fr.subject).toBe('Votre lien de connexion à La Lanterne');
    expect(fr.text).toContain('Il ne sert qu’une fois, dans l’heure\u00a0:');
    expect(fr.html).toContain('<p>Bonjour,</p>');
    expect(signInLinkMail('Die Laterne', LINK, 20, stringsFor('de').mail).text).toContain('innerhalb von 20 Minuten');
    expect(signInLinkMail('S', LINK, 20).text).toMatch(/^Hello,\n/);
  });

  it('refuse a link that is not http(s)', () => {
    expect(() => signInLinkMail('S', 'javascript:alert(1)', 15)).toThrow(/http\(s\)/);
  });
});

describe('SMTP_URL and MAIL_FROM configuration', () => {
  it('defaults to no mail server and a local sender', () => {
    const c = loadConfig({});
    expect(c.smtpUrl).toBeNull();
    expect(c.mailFrom).toBe('Samizdat <no-reply@localhost>');
  });

  it('takes an smtp:// or smtps:// URL and a named sender', () => {
    const c = loadConfig({ SMTP_URL: 'smtp://user:pa%40ss@mail.example.org:587', MAIL_FROM: 'The Lantern <news@example.org>' });
    expect(c.smtpUrl).toBe('smtp://user:pa%40ss@mail.example.org:587');
    expect(c.mailFrom).toBe('The Lantern <news@example.org>');
    expect(loadConfig({ SMTP_URL: 'smtps://mail.example.org' }).smtpUrl).toBe('smtps://mail.example.org');
  });

  it.each(['http://mail.example.org', 'mail.example.org:587', 'smtp://', 'smtp:mail.example.org'])(
    'refuses SMTP_URL=%s naming the variable',
    (value) => {
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(ConfigError);
      expect(() => loadConfig({ SMTP_URL: value })).toThrow(/^Configuration error: SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL/);
    },
  );

  it('never repeats the password of a bad SMTP_URL', () => {
    for (const value of ['imap://user:s3cret@mail.example.org', 'user:s3cret@mail.example.org']) {
      const err = (() => {
        try {
          loadConfig({ SMTP_URL: value });
        } catch (e) {
          return e as ConfigError;
        }
        throw new Error('accepted');
      })();
      expect(err.variable).toBe('SMTP_URL');
      expect(err.message).not.toContain('s3cret');
      expect(err.message).toContain('user:***@mail.example.org');
    }
  });

  it('refuses a MAIL_FROM that is not one address', () => {
    expect(() => loadConfig({ MAIL_FROM: 'The Lantern' })).toThrow(/^Configuration error: MAIL_FROM must be an address/);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
