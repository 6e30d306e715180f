import { pino, type Logger } from 'pino';

export type { Logger };

/** Anything that could hold a secret is censored before a log line is written. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.secret',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  'variables.password',
  'variables.input.password',
];

export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: redactPaths, censor: '[redacted]' },
    base: { service: 'inlet-gateway' },
  });
}
