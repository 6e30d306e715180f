import { createHash, randomBytes } from 'node:crypto';

/** RFC 7636 S256: a 43-character verifier (32 random bytes, base64url) and its SHA-256 challenge. */
export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

export function createPkce(): Pkce {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier), method: 'S256' };
}

export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** An unguessable single-use value (state, nonce): 32 random bytes, base64url. */
export function randomUrlToken(): string {
  return randomBytes(32).toString('base64url');
}
