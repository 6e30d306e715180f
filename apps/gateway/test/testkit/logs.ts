import { Writable } from 'node:stream';
import { pino } from 'pino';
import { redactPaths, type Logger } from '../../src/logger.js';

export interface CapturedLogs {
  /** A logger like the gateway's (same redaction), writing here. */
  logger: Logger;
  /** Every line written so far, parsed. */
  entries(): Record<string, unknown>[];
  /** Every line written so far, as written. */
  text(): string;
}

export function captureLogs(): CapturedLogs {
  let out = '';
  const sink = new Writable({ write: (chunk, _enc, cb) => ((out += chunk.toString()), cb()) });
  const logger = pino(
    { level: 'info', redact: { paths: redactPaths, censor: '[redacted]' } },
    sink,
  );
  return {
    logger,
    entries: () =>
      out
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    text: () => out,
  };
}
