import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

/** Master keys by id; `primary` encrypts, every key decrypts what it encrypted. */
export interface Keyring {
  primary: string;
  keys: ReadonlyMap<string, Buffer>;
}

const kidPattern = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Parses `kid:base64(32 bytes)` entries separated by commas or newlines. The first entry is primary
 * unless `primary` names another. Errors name the bad entry, never the key material.
 */
export function parseKeyring(text: string, primary?: string): Keyring {
  const keys = new Map<string, Buffer>();
  for (const raw of text.split(/[,\n]/)) {
    const entry = raw.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const [kid = '', material = '', ...rest] = entry.split(':');
    if (!kidPattern.test(kid) || rest.length > 0)
      throw new Error(`Encryption key entry "${kid}" must look like <id>:<base64 of 32 bytes>`);
    const key = Buffer.from(material, 'base64');
    if (key.length !== 32)
      throw new Error(`Encryption key "${kid}" must be 32 bytes of base64 (got ${key.length})`);
    if (keys.has(kid)) throw new Error(`Encryption key "${kid}" is listed twice`);
    keys.set(kid, key);
  }
  const first = keys.keys().next().value;
  if (!first) throw new Error('The encryption keyring is empty');
  const chosen = primary ?? first;
  if (!keys.has(chosen))
    throw new Error(`The primary encryption key "${chosen}" is not in the keyring`);
  return { primary: chosen, keys };
}

export function generateKeyEntry(kid: string): string {
  return `${kid}:${randomBytes(32).toString('base64')}`;
}

/**
 * The embedded default: a key file created on first start (mode 0600). Operators set
 * INLET_ENCRYPTION_KEYS_FILE (or INLET_ENCRYPTION_KEYS) instead; production refuses to start without one.
 */
export function loadOrCreateKeyFile(file: string): { text: string; created: boolean } {
  if (existsSync(file)) return { text: readFileSync(file, 'utf8'), created: false };
  mkdirSync(dirname(file), { recursive: true });
  const kid = `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}`;
  writeFileSync(
    file,
    `# Inlet encryption keys: <id>:<base64 32 bytes>; the first is used to encrypt.\n${generateKeyEntry(kid)}\n`,
    { mode: 0o600 },
  );
  chmodSync(file, 0o600);
  return { text: readFileSync(file, 'utf8'), created: true };
}
