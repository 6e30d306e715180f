import { describe, expect, it } from 'vitest';
import { describeAddressCount } from './address-count';

describe('describeAddressCount', () => {
  it('reads small and IPv4-sized counts as grouped numbers', () => {
    expect(describeAddressCount('1', 'en-US').text).toBe('1 address');
    expect(describeAddressCount('16', 'en-US').text).toBe('16 addresses');
    expect(describeAddressCount('16777216', 'en-US').text).toBe('16,777,216 addresses');
    expect(describeAddressCount('4294967296', 'en-US').text).toBe('4,294,967,296 addresses');
  });

  it('reads IPv6-sized powers of two as 2^n, beyond what a Number holds exactly', () => {
    const slash48 = describeAddressCount((1n << 80n).toString(), 'en-US');
    expect(slash48).toEqual({
      text: '2^80 addresses',
      exponent: 80,
      spoken: '2 to the power of 80 addresses',
      noun: 'addresses',
    });
    expect(describeAddressCount((1n << 128n).toString()).exponent).toBe(128);
    expect(describeAddressCount('8589934592').text).toBe('2^33 addresses');
  });

  it('still says something for other large or malformed values', () => {
    expect(describeAddressCount('12345678901234').text).toBe('about 1.23 × 10^13 addresses');
    expect(describeAddressCount('lots').text).toBe('lots addresses');
  });
});
