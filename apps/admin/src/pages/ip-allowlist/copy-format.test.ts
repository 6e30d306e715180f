import { describe, expect, it } from 'vitest';
import { copiedMessage, copyText, toCidr } from './copy-format';

describe('copy format', () => {
  const frankfurt = [
    { label: 'SMTP, Europe (Frankfurt)', values: ['203.0.113.10', '203.0.113.11'] },
    { label: 'HTTPS, Europe (Frankfurt)', values: ['2001:db8:10::/48'] },
  ];
  const virginia = [
    { label: 'HTTPS, US East (Virginia)', values: ['2001:db8:20::1', '203.0.113.10'] },
  ];

  it('joins plain values one per line or comma-separated, each once', () => {
    expect(copyText(frankfurt, 'lines')).toBe('203.0.113.10\n203.0.113.11\n2001:db8:10::/48');
    expect(copyText([...frankfurt, ...virginia], 'comma')).toBe(
      '203.0.113.10, 203.0.113.11, 2001:db8:10::/48, 2001:db8:20::1',
    );
  });

  it('writes firewall rules: a comment line per label, then one CIDR per line', () => {
    expect(copyText(frankfurt, 'rules')).toBe(
      [
        '# Inlet SMTP, Europe (Frankfurt)',
        '203.0.113.10/32',
        '203.0.113.11/32',
        '# Inlet HTTPS, Europe (Frankfurt)',
        '2001:db8:10::/48',
      ].join('\n'),
    );
  });

  it('names an entry already listed under an earlier label in the comment instead of repeating it', () => {
    expect(
      copyText([...frankfurt, ...virginia], 'rules')
        .split('\n')
        .slice(5),
    ).toEqual([
      '# Inlet HTTPS, US East (Virginia); also 203.0.113.10/32 (listed above)',
      '2001:db8:20::1/128',
    ]);
  });

  it('makes single addresses CIDRs of one address and keeps ranges', () => {
    expect(toCidr('198.51.100.7')).toBe('198.51.100.7/32');
    expect(toCidr('2001:db8::7')).toBe('2001:db8::7/128');
    expect(toCidr('203.0.113.0/28')).toBe('203.0.113.0/28');
  });

  it('confirms what was copied and for what, counting ranges as entries rather than addresses', () => {
    expect(copiedMessage([{ value: '203.0.113.10', isRange: false }], 'lines')).toBe(
      'Copied 203.0.113.10.',
    );
    expect(
      copiedMessage(
        [
          { value: '203.0.113.10', isRange: false },
          { value: '203.0.113.11', isRange: false },
        ],
        'rules',
        'SMTP, Europe (Frankfurt)',
      ),
    ).toBe('Copied 2 addresses (SMTP, Europe (Frankfurt)), as firewall rules.');
    expect(
      copiedMessage(
        [
          { value: '203.0.113.10', isRange: false },
          { value: '203.0.113.0/28', isRange: true },
        ],
        'comma',
      ),
    ).toBe('Copied 2 entries, comma-separated.');
  });
});
