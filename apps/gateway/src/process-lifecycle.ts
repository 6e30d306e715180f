import type { Logger } from './logger.js';

/** Runs `stop` once on SIGINT or SIGTERM, then exits. */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const handle = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    stop()
      .catch((err: unknown) => logger.error({ err }, 'shutdown was not clean'))
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', () => handle('SIGINT'));
  process.on('SIGTERM', () => handle('SIGTERM'));
}

/** Start-up errors (bad configuration, unreadable allowlist, database down) are for the operator: say what, not a stack. */
export function exitOnStartupError(err: unknown): never {
  console.error(`Inlet could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.cause) console.error(`  cause: ${String((err.cause as Error).message ?? err.cause)}`);
  process.exit(1);
}
