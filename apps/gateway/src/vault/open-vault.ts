import { readFileSync } from 'node:fs';
import type { GatewayConfig } from '../env.js';
import type { Logger } from '../logger.js';
import { loadOrCreateKeyFile, parseKeyring } from './keyring.js';
import { Vault } from './vault.js';

/** The keyring from INLET_ENCRYPTION_KEYS or _FILE; in development a generated key file; in production, nothing: fail closed. */
export function openVault(config: GatewayConfig['encryption'], logger: Logger): Vault {
  if (config.keys) return new Vault(parseKeyring(config.keys, config.primary));
  if (config.keysFile) {
    let text: string;
    try {
      text = readFileSync(config.keysFile, 'utf8');
    } catch (err) {
      throw new Error(
        `Cannot read INLET_ENCRYPTION_KEYS_FILE ${config.keysFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      );
    }
    return new Vault(parseKeyring(text, config.primary));
  }
  if (config.production) {
    throw new Error(
      'NODE_ENV=production needs an encryption keyring: set INLET_ENCRYPTION_KEYS_FILE (see the README).',
    );
  }
  const { text, created } = loadOrCreateKeyFile(config.defaultKeysFile);
  if (created)
    logger.warn(
      { file: config.defaultKeysFile },
      'generated an encryption key file for stored mail passwords; back it up, and set INLET_ENCRYPTION_KEYS_FILE in production',
    );
  return new Vault(parseKeyring(text, config.primary));
}
