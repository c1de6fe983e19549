import { EventEmitter } from 'node:events';
import type { FastifyReply } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Mail, Mailer } from '../mail/mailer.ts';
import { type Letter, type MailDeps, ModerationMail, optOutHashOf, unsubscribeToken } from './mail.ts';

const secret = Buffer.alloc(32, 7);
const letter: Letter = { to: 'author@example.org', subject: 'Your comment', text: 'Removed.', html: '<p>Removed.</p>', headers: {} };
const quietLog = { info() {}, warn() {} };

function withMailer(mailer: Mailer): ModerationMail {
  return new ModerationMail({ mailer, secret, log: quietLog } as unknown as MailDeps);
}

function fakeReply(): { reply: FastifyReply; raw: EventEmitter } {
  const raw = new EventEmitter();
  return { reply: { raw } as unknown as FastifyReply, raw };
}

describe('moderation mail', () => {
  it('a plain mailer sends only once the answer has gone', async () => {
    const sent: Mail[] = [];
    const mail = withMailer({ delivers: true, send: async (m) => void sent.push(m), close: async () => {} });
    const { reply, raw } = fakeReply();
    await mail.deliver(reply, letter);
    expect(sent).toHaveLength(0);
    raw.emit('close');
    await new Promise((r) => setImmediate(r));
    expect(sent).toEqual([letter]);
  });

  it('the unsubscribe link stands for one address (any case) and a made-up one is refused', () => {
    const token = unsubscribeToken(secret, 'Author@Example.org');
    expect(token).toBe(unsubscribeToken(secret, 'author@example.org'));
    expect(optOutHashOf(secret, token)).toBe(token.split('.')[0]);
    expect(optOutHashOf(secret, `${token.split('.')[0]}.AAAAAAAAAAAAAAAA`)).toBeNull();
    expect(optOutHashOf(Buffer.alloc(32, 8), token)).toBeNull();
    expect(optOutHashOf(secret, 'nonsense')).toBeNull();
  });
});
