import { createHmac } from 'node:crypto';

/**
 * A keyed hash (HMAC-SHA256) of a value for one purpose: what is stored or sent
 * in place of a client address, a typed email address or a form-token seed.
 * The key is the server secret; the purpose keeps one use's hashes from
 * standing in for another's.
 */
export function keyedHash(secret: Buffer, purpose: string, value: string): string {
  return createHmac('sha256', secret).update(`${purpose}\0${value}`).digest('base64url');
}
