import { Agent } from './agent.ts';
import type { TestSite } from './site.ts';
import type { CapturedMail, SmtpCapture } from './smtp.ts';

/**
 * Readers for request tests. The site must be started with SMTP_URL pointing at
 * the capture, and TRUST_PROXY=127.0.0.1 so each reader can come from its own
 * client address (sign-in links are throttled per address).
 */

let counter = 0;

/** The same site, as seen from another client address (sent as X-Forwarded-For). */
export function fromAddress(site: TestSite, ip: string): TestSite {
  return {
    ...site,
    fetch: (pathname, init = {}) => site.fetch(pathname, { ...init, headers: { ...(init.headers as Record<string, string>), 'x-forwarded-for': ip } }),
  };
}

/** A fresh, made-up client address for each caller. */
export function nextAddress(): string {
  counter++;
  return `198.51.100.${counter % 250 + 1}`;
}

/** The next mail to `email` that arrives after `since` messages had been received. */
export function mailTo(smtp: SmtpCapture, email: string, since: number): Promise<CapturedMail> {
  return smtp.waitFor((m) => m.to.includes(email) && smtp.messages.indexOf(m) >= since);
}

/** The site-relative path of the sign-in link in a mail. */
export function linkIn(mail: CapturedMail): string {
  const m = /https?:\/\/[^/\s]+(\/account\/sign-in\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error(`no sign-in link in mail: ${mail.text}`);
  return m[1];
}

/** Asks for a link as `agent` and returns its path once the mail has arrived. */
export async function requestLink(agent: Agent, smtp: SmtpCapture, email: string): Promise<string> {
  const since = smtp.messages.length;
  await agent.get('/account/sign-in');
  const res = await agent.post('/account/sign-in', { email });
  if (res.status !== 200) throw new Error(`asking for a link failed: ${res.status}`);
  return linkIn(await mailTo(smtp, email, since));
}

/** A reader signed in the way a person does it: ask, open the mail's link, press the button. */
export async function asReader(site: TestSite, smtp: SmtpCapture, email = `reader${++counter}@readers.test`): Promise<Agent & { email: string }> {
  const agent = new Agent(fromAddress(site, nextAddress()));
  const link = await requestLink(agent, smtp, email);
  await agent.get(link);
  const res = await agent.post(link, {});
  if (res.status !== 303) throw new Error(`sign-in by link failed: ${res.status}`);
  await agent.get('/account');
  return Object.assign(agent, { email });
}
