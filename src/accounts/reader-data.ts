import { randomInt } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Html } from '../render/html.ts';
import type { ViewContext } from '../views/context.ts';

/**
 * What other domains keep about a reader. Accounts knows no comment or poll: a
 * domain that keeps something about readers registers it here, at the
 * composition root, and accounts shows it on the reader's own page and asks it
 * to let go when the reader erases their account.
 */
export interface ReaderDataKeeper {
  /** For logs and tests: which domain this is. */
  name: string;
  /** A section of the reader's account page showing what is kept (their comments, the polls they voted in). */
  describe(userId: number, ctx: ViewContext): Promise<Html>;
  /**
   * The reader is erasing their account, in this transaction: put `pseudonym`
   * where their name shows in anything public, drop what is theirs alone, and
   * never delete a row of an append-only log (a moderation log keeps its entries).
   */
  erase(trx: Transaction<Database>, userId: number, pseudonym: string): Promise<void>;
  /**
   * After the erasure has committed: forget cached pages that showed the
   * reader's name (a page cache must not be told inside the transaction, which
   * may yet roll back, and on SQLite holds the one connection).
   */
  erased?(userId: number): Promise<void>;
}

export class ReaderData {
  private readonly keepers: ReaderDataKeeper[] = [];

  register(keeper: ReaderDataKeeper): void {
    this.keepers.push(keeper);
  }

  /** The account page's sections, in the order the domains were registered. */
  describe(userId: number, ctx: ViewContext): Promise<Html[]> {
    return Promise.all(this.keepers.map((k) => k.describe(userId, ctx)));
  }

  /** Asks every domain to let go of the reader, under one pseudonym; returns it. */
  async erase(trx: Transaction<Database>, userId: number): Promise<string> {
    const pseudonym = `Former reader ${randomInt(100_000, 1_000_000)}`;
    for (const k of this.keepers) await k.erase(trx, userId, pseudonym);
    return pseudonym;
  }

  /** Once the erasure has committed, each domain forgets what showed the reader. */
  async afterErase(userId: number): Promise<void> {
    for (const k of this.keepers) await k.erased?.(userId);
  }

  get names(): string[] {
    return this.keepers.map((k) => k.name);
  }
}
