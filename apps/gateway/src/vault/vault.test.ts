import { describe, expect, it } from 'vitest';
import { generateKeyEntry, parseKeyring } from './keyring.js';
import { Vault } from './vault.js';

const row1 = { table: 'connection_secrets', column: 'value', rowId: 'a' };
const row2 = { ...row1, rowId: 'b' };

describe('Vault', () => {
  const vault = new Vault(parseKeyring(generateKeyEntry('k1')));

  it('round-trips and never repeats a ciphertext', () => {
    const a = vault.encrypt('app-password-123', row1);
    const b = vault.encrypt('app-password-123', row1);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1:k1:[\w-]{16}:[\w-]+$/);
    expect(a).not.toContain('app-password');
    expect(vault.decrypt(a, row1)).toBe('app-password-123');
  });

  it('refuses a ciphertext moved to another row', () => {
    const a = vault.encrypt('secret', row1);
    expect(() => vault.decrypt(a, row2)).toThrow(/failed authentication/);
  });

  it('refuses tampering and plaintext (no silent fallback)', () => {
    const a = vault.encrypt('secret', row1);
    // Another character in place of the second-to-last one (whose bits are all ciphertext or tag).
    const tampered = a.slice(0, -2) + (a.at(-2) === 'A' ? 'B' : 'A') + a.slice(-1);
    expect(() => vault.decrypt(tampered, row1)).toThrow(/failed authentication|truncated/);
    expect(() => vault.decrypt('secret', row1)).toThrow(/not an encrypted envelope/);
  });

  it('decrypts with old keys after rotation and names a missing key', () => {
    const oldEntry = generateKeyEntry('old');
    const newEntry = generateKeyEntry('new');
    const before = new Vault(parseKeyring(oldEntry));
    const envelope = before.encrypt('secret', row1);
    const rotated = new Vault(parseKeyring(`${newEntry},${oldEntry}`));
    expect(rotated.primaryKeyId).toBe('new');
    expect(rotated.decrypt(envelope, row1)).toBe('secret');
    expect(Vault.keyIdOf(rotated.encrypt('secret', row1))).toBe('new');
    expect(() => new Vault(parseKeyring(newEntry)).decrypt(envelope, row1)).toThrow(
      /key "old", which is not in the keyring/,
    );
  });

  it('validates keyrings without echoing key material', () => {
    expect(() => parseKeyring('k1:c2hvcnQ=')).toThrow(/32 bytes/);
    expect(() => parseKeyring('bad id:xxx')).toThrow(/must look like/);
    expect(() => parseKeyring('')).toThrow(/empty/);
    expect(() => parseKeyring(generateKeyEntry('a'), 'b')).toThrow(/primary encryption key "b"/);
    try {
      parseKeyring('k1:c2hvcnQ=');
    } catch (err) {
      expect(String(err)).not.toContain('c2hvcnQ');
    }
  });
});
