import { describe, expect, it } from 'vitest';
import { md4 } from '../testing/ews/md4.js';
import { createChallenge, ntowfv2, readNtlmMessage } from '../testing/ews/ntlm-server.js';
import { TEST_NTLM_IDENTITY } from '../testing/ews/ews-test-server.js';

// The end-to-end NTLM checks (XhrApi against the test server, right and wrong passwords) are in
// verify-exchange-account.test.ts; these pin the primitives the server's check rests on.
describe('the EWS test server NTLM primitives', () => {
  it('computes MD4 as RFC 1320 and the NT hash as Windows does', () => {
    expect(md4(Buffer.from('')).toString('hex')).toBe('31d6cfe0d16ae931b73c59d7e0c089c0');
    expect(md4(Buffer.from('abc')).toString('hex')).toBe('a448017aaf21d8525fc10ae87aa6729d');
    expect(
      md4(
        Buffer.from(
          '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
        ),
      ).toString('hex'),
    ).toBe('e33b4ddc9c38f2199c3e7b164fcc0536');
    expect(md4(Buffer.from('Password', 'utf16le')).toString('hex')).toBe(
      'a4f49c406510bdcab6824ee7c30fd852',
    );
  });

  it('derives NTOWFv2 from the upper-cased user and the domain as sent', () => {
    expect(ntowfv2('Password', 'user', 'Domain')).toEqual(ntowfv2('Password', 'USER', 'Domain'));
    expect(ntowfv2('Password', 'user', 'Domain')).not.toEqual(
      ntowfv2('Password', 'user', 'DOMAIN'),
    );
  });

  it('sends a type 2 message with a fresh challenge, the domain as target and a target info block', () => {
    const first = createChallenge(TEST_NTLM_IDENTITY);
    const second = createChallenge(TEST_NTLM_IDENTITY);
    expect(first.challenge).not.toEqual(second.challenge);
    const raw = Buffer.from(first.token, 'base64');
    expect(raw.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(raw.readUInt32LE(8)).toBe(2);
    const flags = raw.readUInt32LE(20);
    expect(flags & 0x00800000).toBeTruthy(); // target info
    expect(flags & 0x00080000).toBeTruthy(); // extended session security: the client answers NTLMv2
    expect(raw.subarray(24, 32)).toEqual(first.challenge);
    const nameLength = raw.readUInt16LE(12);
    const nameOffset = raw.readUInt32LE(16);
    expect(raw.subarray(nameOffset, nameOffset + nameLength).toString('utf16le')).toBe('CORP');
    expect(readNtlmMessage(first.token)).toEqual({
      type: 'invalid',
      reason: 'unexpected message type 2',
    });
    expect(readNtlmMessage('bm90IG50bG0=')).toMatchObject({ type: 'invalid' });
  });
});
