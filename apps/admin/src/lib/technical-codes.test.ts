import { describe, expect, it } from 'vitest';
import { hasRawCodes, withoutRawCodes } from './technical-codes';

describe('raw library codes in a failure detail', () => {
  it('are taken out of what the user reads', () => {
    expect(withoutRawCodes('TLS handshake failed (ERR_SSL_WRONG_VERSION_NUMBER).')).toBe(
      'TLS handshake failed.',
    );
    expect(withoutRawCodes('TLS could not be started (EPROTO).')).toBe('TLS could not be started.');
    expect(
      withoutRawCodes("The server's certificate was refused (DEPTH_ZERO_SELF_SIGNED_CERT): x"),
    ).toBe("The server's certificate was refused: x");
    expect(hasRawCodes('TLS handshake failed (ERR_SSL_NO_PROTOCOLS_AVAILABLE).')).toBe(true);
  });

  it('leave ordinary words, server replies and fingerprints alone', () => {
    const plain = 'The server said (550 5.1.1) user unknown (SHA-256 AA:BB).';
    expect(withoutRawCodes(plain)).toBe(plain);
    expect(hasRawCodes('Expired on 1 Jan 2020 (UTC).')).toBe(false);
  });
});
