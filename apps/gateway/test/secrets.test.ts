import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyEntry, parseKeyring } from '../src/vault/keyring.js';
import {
  readSecret,
  rotateSecrets,
  secretKeyStatus,
  storeSecret,
} from '../src/vault/secret-store.js';
import { Vault } from '../src/vault/vault.js';
import { engines } from './testkit/databases.js';
import { startTestGateway, TEST_KEY_ENTRY, type TestGateway } from './testkit/gateway.js';
import { insertConnection } from './testkit/seed.js';

describe.each(engines)('stored secrets on %s', (engine) => {
  let gw: TestGateway;
  const connectionIds: string[] = [];
  beforeAll(async () => {
    gw = await startTestGateway(engine);
    const user = await gw.services.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
    for (let i = 0; i < 2; i++)
      connectionIds.push(
        (
          await insertConnection(gw.services, user.id, `inbox${i}@example.com`, {
            status: 'CONNECTED',
          })
        ).id,
      );
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('stores only envelopes and reads them back for the right row', async () => {
    const { db, vault } = gw.services;
    await storeSecret(db, vault, connectionIds[0]!, 'password', 'imap-pass-0');
    await storeSecret(db, vault, connectionIds[1]!, 'password', 'imap-pass-1');
    const raw = await db.selectFrom('connection_secrets').select('value').execute();
    expect(
      raw.every((r) => r.value.startsWith('v1:test1:') && !r.value.includes('imap-pass')),
    ).toBe(true);
    expect(await readSecret(db, vault, connectionIds[0]!, 'password')).toBe('imap-pass-0');
    expect(await readSecret(db, vault, connectionIds[0]!, 'smtp_password')).toBeUndefined();

    // A ciphertext copied onto another connection's row does not decrypt there.
    const first = raw[0]!.value;
    await db
      .updateTable('connection_secrets')
      .set({ value: first })
      .where('connection_id', '=', connectionIds[1]!)
      .execute();
    await expect(readSecret(db, vault, connectionIds[1]!, 'password')).rejects.toThrow(
      /failed authentication/,
    );
    await storeSecret(db, vault, connectionIds[1]!, 'password', 'imap-pass-1');
  });

  it('rotates every secret to the new primary key, leaving none under the old one', async () => {
    const { db } = gw.services;
    const rotatedVault = new Vault(parseKeyring(`${generateKeyEntry('test2')},${TEST_KEY_ENTRY}`));
    expect(await rotateSecrets(db, rotatedVault, 1)).toBe(2);
    expect(await secretKeyStatus(db)).toEqual({ test2: 2 });
    expect(await rotateSecrets(db, rotatedVault)).toBe(0);
    expect(await readSecret(db, rotatedVault, connectionIds[1]!, 'password')).toBe('imap-pass-1');
  });
});
