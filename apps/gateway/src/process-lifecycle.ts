import type { Logger } from './logger.js';

/** Longest a shutdown may take before the process exits anyway: an orchestrator kills it soon after. */
export const SHUTDOWN_GRACE_MS = 15_000;

export interface ShutdownOptions {
  graceMs?: number;
  exit?: (code: number) => void;
}

/**
 * Runs `stop` once on SIGINT or SIGTERM, then exits: 0 when everything closed, 1 when stopping failed
 * or took longer than the grace period (a mail server that never answers a logout must not keep the
 * process, and its other connections, alive).
 */
export function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  const handle = shutdownHandler(logger, stop);
  process.on('SIGINT', () => void handle('SIGINT'));
  process.on('SIGTERM', () => void handle('SIGTERM'));
}

/** The shutdown itself, run once whatever the number of signals. */
export function shutdownHandler(
  logger: Logger,
  stop: () => Promise<void>,
  options: ShutdownOptions = {},
): (signal: string) => Promise<void> {
  const { graceMs = SHUTDOWN_GRACE_MS, exit = (code: number) => process.exit(code) } = options;
  let stopping: Promise<void> | undefined;
  return (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<'overdue'>(
        (resolve) => (timer = setTimeout(() => resolve('overdue'), graceMs)),
      );
      const outcome = await Promise.race([stop().then(() => 'stopped' as const), overdue]).catch(
        (err: unknown) => {
          logger.error({ err }, 'shutdown was not clean');
          return 'failed' as const;
        },
      );
      clearTimeout(timer);
      if (outcome === 'overdue')
        logger.error({ graceMs }, 'shutdown took longer than the grace period; exiting anyway');
      exit(outcome === 'stopped' ? 0 : 1);
    })();
    return stopping;
  };
}

/** Start-up errors (bad configuration, unreadable allowlist, database down) are for the operator: say what, not a stack. */
export function exitOnStartupError(err: unknown): never {
  console.error(`Inlet could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (err instanceof Error && err.cause)
    console.error(`  cause: ${String((err.cause as Error).message ?? err.cause)}`);
  process.exit(1);
}
