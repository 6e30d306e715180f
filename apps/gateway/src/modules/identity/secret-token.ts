import { createHash, randomBytes } from 'node:crypto';

/** A high-entropy bearer secret; only its sha256 is stored (entropy makes a slow KDF unnecessary). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
