import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const adminDir = fileURLToPath(new URL('../..', import.meta.url));
export const gatewayDir = join(adminDir, '../gateway');
/** The built console the gateway serves. */
export const consoleDir = join(adminDir, 'dist');
/** Screenshots (git-ignored). */
export const artifactsDir = join(adminDir, 'test-artifacts');

export function assertConsoleBuilt(): void {
  if (!existsSync(join(consoleDir, 'index.html'))) {
    throw new Error(
      'The console is not built: run `npm run build --workspace @inlet/admin` first (turbo does it for `npm test`).',
    );
  }
}
