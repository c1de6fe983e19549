import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's recommended memory and time costs. */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 10;

export function passwordProblem(password: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > 200) return 'Use at most 200 characters.';
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
