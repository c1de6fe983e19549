import { hash, verify } from '@node-rs/argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';

/** argon2id with the library's recommended memory and time costs. */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

/**
 * zxcvbn estimates how many guesses a cracker would need, knowing the common
 * passwords, names, words, keyboard walks, dates and repetitions. Score 3 means
 * about 10^8 guesses or more: safely unguessable online, where sign-in is
 * throttled. Length alone lets "password12" and ten spaces through.
 */
const estimator = new ZxcvbnFactory({
  dictionary: { ...common.dictionary, ...english.dictionary },
  graphs: common.adjacencyGraphs,
  translations: english.translations,
});
const MIN_SCORE = 3;

/** What is wrong with a new password, or null. Names and addresses of the person count as guessable. */
export function passwordProblem(password: string, personal: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
  if (password.trim() === '') return 'Use letters, not only spaces.';
  const result = estimator.check(password, personal.filter(Boolean));
  if (result.score < MIN_SCORE) {
    const why = result.feedback.warning ? `${result.feedback.warning.replace(/\.?$/, '.')} ` : '';
    return `That password would be easy to guess. ${why}A few unrelated words make a strong one.`;
  }
  return null;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Without a stored hash, verify against a dummy one anyway so the answer takes
  // as long as for a real account: timing must not tell which accounts exist.
  dummyHash ??= hash('no account has this password', OPTIONS);
  const target = stored ?? (await dummyHash);
  const ok = await verify(target, password).catch(() => false);
  return stored !== null && ok;
}

let dummyHash: Promise<string> | undefined;
