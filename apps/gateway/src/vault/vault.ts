import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import type { Keyring } from './keyring.js';

/** Where a secret lives; bound into the ciphertext so a value copied to another row or column fails to decrypt. */
export interface SecretLocation {
  table: string;
  column: string;
  rowId: string;
}

export class VaultError extends Error {
  override name = 'VaultError';
}

const VERSION = 'v1';

/**
 * AES-256-GCM envelopes `v1:<kid>:<nonce b64url>:<ciphertext+tag b64url>` with a fresh 96-bit nonce.
 * The data key is derived per master key with HKDF, so the master never encrypts directly.
 * There is no plaintext fallback: anything that is not an envelope is an error.
 */
export class Vault {
  private readonly dataKeys = new Map<string, Buffer>();

  constructor(private readonly keyring: Keyring) {
    for (const [kid, master] of keyring.keys) {
      this.dataKeys.set(
        kid,
        Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'inlet:secrets:v1', 32)),
      );
    }
  }

  get primaryKeyId(): string {
    return this.keyring.primary;
  }

  encrypt(plaintext: string, where: SecretLocation): string {
    const kid = this.keyring.primary;
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.dataKeys.get(kid)!, nonce);
    cipher.setAAD(aad(where));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return [VERSION, kid, nonce.toString('base64url'), body.toString('base64url')].join(':');
  }

  decrypt(envelope: string, where: SecretLocation): string {
    const [version, kid = '', nonceText = '', bodyText = '', ...rest] = envelope.split(':');
    if (version !== VERSION || rest.length > 0)
      throw new VaultError(`Secret in ${where.table}.${where.column} is not an encrypted envelope`);
    const key = this.dataKeys.get(kid);
    if (!key)
      throw new VaultError(
        `Secret in ${where.table}.${where.column} was encrypted with key "${kid}", which is not in the keyring`,
      );
    const body = Buffer.from(bodyText, 'base64url');
    if (body.length < 16)
      throw new VaultError(`Secret in ${where.table}.${where.column} is truncated`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonceText, 'base64url'));
      decipher.setAAD(aad(where));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - 16)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new VaultError(
        `Secret in ${where.table}.${where.column} failed authentication (wrong key, or moved from another row)`,
      );
    }
  }

  /** The key id of an envelope, for rotation status. */
  static keyIdOf(envelope: string): string | undefined {
    return envelope.startsWith(`${VERSION}:`) ? envelope.split(':')[1] : undefined;
  }
}

function aad({ table, column, rowId }: SecretLocation): Buffer {
  return Buffer.from(`inlet|${VERSION}|${table}|${column}|${rowId}`, 'utf8');
}
