import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { loadConfig } from '../env.js';
import { createLogger } from '../logger.js';
import { openVault } from '../vault/open-vault.js';
import { rotateSecrets, secretKeyStatus } from '../vault/secret-store.js';

/**
 * npm run keys -- status   rows per encryption key id
 * npm run keys -- rotate   re-encrypt every secret with the primary key (online, resumable)
 * Rotation: put the new key first in the keyring (old ones stay for decryption), run rotate, check
 * status shows only the new id, then remove the old key.
 */
async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== 'status' && command !== 'rotate')
    throw new Error('Usage: npm run keys -- status | rotate');
  const config = loadConfig();
  const vault = openVault(config.encryption, createLogger('warn'));
  const { db } = openDatabase(config.databaseUrl);
  try {
    await migrateToLatest(db);
    if (command === 'rotate')
      console.log(
        `Re-encrypted ${await rotateSecrets(db, vault)} secrets with key "${vault.primaryKeyId}".`,
      );
    console.log(
      `Secrets per key id: ${JSON.stringify(await secretKeyStatus(db))} (primary: ${vault.primaryKeyId})`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
