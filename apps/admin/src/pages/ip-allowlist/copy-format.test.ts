import { describe, expect, it } from 'vitest';
import { copiedMessage, joinEntries } from './copy-format';

describe('copy format', () => {
  const values = ['203.0.113.10', '203.0.113.0/28', '2001:db8:10::/48'];

  it('joins one per line or comma-separated', () => {
    expect(joinEntries(values, 'lines')).toBe('203.0.113.10\n203.0.113.0/28\n2001:db8:10::/48');
    expect(joinEntries(values, 'comma')).toBe('203.0.113.10, 203.0.113.0/28, 2001:db8:10::/48');
  });

  it('confirms what was copied, counting ranges as entries rather than addresses', () => {
    expect(copiedMessage([{ value: '203.0.113.10', isRange: false }], 'lines')).toBe(
      'Copied 203.0.113.10.',
    );
    expect(
      copiedMessage(
        [
          { value: '203.0.113.10', isRange: false },
          { value: '203.0.113.11', isRange: false },
          { value: '203.0.113.12', isRange: false },
        ],
        'lines',
      ),
    ).toBe('Copied 3 addresses, one per line.');
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
