import { describe, expect, it } from 'vitest';
import { parseEmailAddress } from './email-address.js';

describe('parseEmailAddress', () => {
  it.each([
    ['Jane@Example.COM ', 'jane@example.com', 'example.com'],
    ['a.b+tag@mail.example.co.uk', 'a.b+tag@mail.example.co.uk', 'mail.example.co.uk'],
    ['jane@bücher.example', 'jane@xn--bcher-kva.example', 'xn--bcher-kva.example'],
  ])('accepts %s', (raw, address, domain) => {
    expect(parseEmailAddress(raw)).toEqual({ ok: true, address, domain });
  });

  it.each([
    '',
    'jane',
    '@example.com',
    'jane@',
    'jane@localhost',
    'ja ne@example.com',
    'jane@exa mple.com',
    'a,b@example.com',
    '"x"@example.com',
    'jane@@example.com',
    `${'x'.repeat(65)}@example.com`,
  ])('refuses %j', (raw) => {
    expect(parseEmailAddress(raw).ok).toBe(false);
  });
});
