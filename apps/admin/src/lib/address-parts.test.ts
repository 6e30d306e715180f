import { describe, expect, it } from 'vitest';
import { addressParts } from './address-parts';

describe('addressParts', () => {
  it('cuts after the @ and before each dot, and joins back to the address', () => {
    const address = 'ada.lovelace@mail.example.com';
    expect(addressParts(address)).toEqual(['ada', '.lovelace@', 'mail', '.example', '.com']);
    expect(addressParts(address).join('')).toBe(address);
  });

  it('keeps a domain, an address without dots and odd input whole where nothing breaks', () => {
    expect(addressParts('example.org')).toEqual(['example', '.org']);
    expect(addressParts('root@localhost')).toEqual(['root@', 'localhost']);
    expect(addressParts('nodots')).toEqual(['nodots']);
    expect(addressParts('')).toEqual([]);
    expect(addressParts('.x..y@')).toEqual(['.x', '.', '.y@']);
  });
});
