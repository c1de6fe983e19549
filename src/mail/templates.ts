import { type MailStrings, stringsFor } from '../i18n/strings.ts';
import { html, type SafeHtml } from '../render/html.ts';

/**
 * The words of the mail we send. Each message is plain text (the link on a
 * line of its own, so every mail program makes it clickable) with a simple
 * HTML alternative; every value is escaped. Mail to staff is in English, like
 * the newsroom; the sign-in link goes to readers in the site's language.
 */

const ENGLISH = stringsFor('en').mail;

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

export function invitationMail(site: string, inviter: string, role: string, link: string): MailContent {
  const as = `${/^[aeiou]/i.test(role) ? 'an' : 'a'} ${role}`;
  const subject = `${inviter} invited you to ${site}`;
  return compose(subject, site, link, ENGLISH, {
    before: [`${inviter} has invited you to join ${site} as ${as}.`, 'To accept, open this link and choose your password:'],
    after: ['If you weren’t expecting this invitation, you can ignore it: nothing happens until you accept.'],
    button: 'Accept the invitation',
  });
}

export function passwordResetMail(site: string, link: string, minutes: number): MailContent {
  const subject = `Reset your password for ${site}`;
  return compose(subject, site, link, ENGLISH, {
    before: [
      `Someone, probably you, asked to reset the password of your account on ${site}.`,
      `To choose a new password, open this link ${ENGLISH.within(minutes)}:`,
    ],
    after: ['If you didn’t ask for this, ignore this message and your password stays as it is.'],
    button: 'Choose a new password',
  });
}

/** A reset link the site's owner sent to a member from the staff page. */
export function ownerResetMail(site: string, owner: string, link: string, minutes: number): MailContent {
  return compose(`A new password for ${site}`, site, link, ENGLISH, {
    before: [`${owner} sent you this link to choose a new password for your account on ${site}.`, `Open it ${ENGLISH.within(minutes)}:`],
    after: ['Once you have chosen it, you are signed out everywhere and sign in with the new password. If you did not expect this, tell them.'],
    button: 'Choose a new password',
  });
}

export function signInLinkMail(site: string, link: string, minutes: number, t: MailStrings = ENGLISH): MailContent {
  return compose(t.signInSubject(site), site, link, t, {
    before: [t.signInIntro(site, t.within(minutes))],
    after: [t.signInIgnore],
    button: t.signInButton(site),
  });
}

function compose(
  subject: string,
  site: string,
  link: string,
  t: MailStrings,
  words: { before: string[]; after: string[]; button: string },
): MailContent {
  checkLink(link);
  const text = [t.hello, ...words.before, link, ...words.after, `— ${site}`].join('\n\n') + '\n';
  const body: SafeHtml = html`<!doctype html>
<html>
<head><meta charset="utf-8"><title>${subject}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; max-width: 36em;">
<p>${t.hello}</p>
${words.before.map((p) => html`<p>${p}</p>\n`)}<p><a href="${link}">${words.button}</a></p>
<p style="font-size: 0.9em;">${t.copyAddress}<br>${link}</p>
${words.after.map((p) => html`<p>${p}</p>\n`)}<p>— ${site}</p>
</body>
</html>
`;
  return { subject, text, html: body.toString() };
}

/** Links come from our own code; refuse anything but http(s) rather than mail a javascript: URL. */
function checkLink(link: string): void {
  if (!/^https?:\/\/\S+$/.test(link)) throw new Error(`Mail link must be an http(s) URL without spaces, got ${JSON.stringify(link)}`);
}
