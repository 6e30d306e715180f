import { describe, expect, it } from 'vitest';
import {
  classifyConnectError,
  isConnectionLimit,
  isConnectionRefusedForLoad,
} from './classify-sync-error.js';

const ctx = { host: 'imap.example.test', security: 'SSL_TLS' } as const;

// What imapflow throws for Dovecot's answer to a login over mail_max_userip_connections (seen against Dovecot 2.3).
const dovecotLimit = {
  message: 'Command failed',
  response:
    '2 NO [LIMIT] Maximum number of connections from user+IP exceeded (mail_max_userip_connections=2)',
  responseStatus: 'NO',
  responseText:
    'Maximum number of connections from user+IP exceeded (mail_max_userip_connections=2)',
  serverResponseCode: 'LIMIT',
  authenticationFailed: true,
};

describe('sync connection errors', () => {
  it('classifies a [LIMIT] login refusal as a retryable TOO_MANY_CONNECTIONS, not a wrong password', () => {
    const error = classifyConnectError(dovecotLimit, ctx);
    expect(error).toMatchObject({
      code: 'TOO_MANY_CONNECTIONS',
      retryable: true,
      step: 'login',
      field: null,
    });
    expect(error.detail).toBe(
      'The server said: Maximum number of connections from user+IP exceeded (mail_max_userip_connections=2)',
    );
    expect(error.hint).toMatch(/close other mail apps/i);
  });

  it('decides by the response code only', () => {
    expect(isConnectionLimit(dovecotLimit)).toBe(true);
    expect(isConnectionLimit({ ...dovecotLimit, serverResponseCode: 'limit' })).toBe(true);
    expect(isConnectionLimit({ responseText: 'Too many connections', responseStatus: 'NO' })).toBe(
      false,
    );
    expect(isConnectionLimit(new Error('LIMIT'))).toBe(false);
    expect(isConnectionLimit(undefined)).toBe(false);
    expect(isConnectionRefusedForLoad({ serverResponseCode: 'UNAVAILABLE' })).toBe(true);
    expect(isConnectionRefusedForLoad({ serverResponseCode: 'AUTHENTICATIONFAILED' })).toBe(false);
  });

  it('leaves the other login failures as they were', () => {
    expect(
      classifyConnectError({ ...dovecotLimit, serverResponseCode: 'UNAVAILABLE' }, ctx),
    ).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect(
      classifyConnectError(
        { authenticationFailed: true, serverResponseCode: 'AUTHENTICATIONFAILED' },
        ctx,
      ),
    ).toMatchObject({ code: 'AUTHENTICATION_FAILED', retryable: false });
  });
});
