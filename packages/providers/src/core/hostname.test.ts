import { describe, expect, it } from 'vitest';
import { normalizeEmailDomain, normalizeServerHost } from './hostname.js';

describe('normalizeEmailDomain', () => {
  it.each([
    ['Example.COM', 'example.com'],
    ['@example.com', 'example.com'],
    ['jane@Example.com', 'example.com'],
    ['bücher.example', 'xn--bcher-kva.example'],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example'],
    ['example.com.', 'example.com'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeEmailDomain(input)).toEqual({ ok: true, host: expected });
  });

  it.each([
    '',
    'localhost',
    'exa mple.com',
    '-bad.com',
    'bad-.com',
    'https://example.com',
    'example.123',
    'a'.repeat(64) + '.com',
  ])('rejects %j', (input) => {
    expect(normalizeEmailDomain(input).ok).toBe(false);
  });
});

describe('normalizeServerHost', () => {
  it.each([
    ['IMAP.Example.com', 'imap.example.com'],
    ['exchange01', 'exchange01'],
    ['192.0.2.10', '192.0.2.10'],
    ['[2001:DB8::1]', '2001:db8::1'],
  ])('accepts %s as %s', (input, expected) => {
    expect(normalizeServerHost(input)).toEqual({ ok: true, host: expected });
  });

  it.each([
    '',
    'imap.example.com:993',
    'https://imap.example.com',
    'imap..example.com',
    'imap_example.com',
  ])('rejects %j', (input) => {
    const result = normalizeServerHost(input);
    expect(result.ok).toBe(false);
  });
});
