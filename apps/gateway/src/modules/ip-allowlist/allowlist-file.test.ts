import { describe, expect, it } from 'vitest';
import { parseAllowlist, parseEgressEntry } from './allowlist-file.js';

describe('parseEgressEntry', () => {
  it.each([
    ['203.0.113.7', { value: '203.0.113.7', ipVersion: 4, isRange: false, addressCount: '1' }],
    [
      '203.0.113.0/28',
      { value: '203.0.113.0/28', ipVersion: 4, isRange: true, addressCount: '16' },
    ],
    ['0.0.0.0/0', { value: '0.0.0.0/0', ipVersion: 4, isRange: true, addressCount: '4294967296' }],
    ['2001:DB8::7', { value: '2001:db8::7', ipVersion: 6, isRange: false, addressCount: '1' }],
    [
      '2001:db8:10::/48',
      {
        value: '2001:db8:10::/48',
        ipVersion: 6,
        isRange: true,
        addressCount: (2n ** 80n).toString(),
      },
    ],
    ['2001:db8::/127', { value: '2001:db8::/127', ipVersion: 6, isRange: true, addressCount: '2' }],
  ])('parses %s', (text, expected) => {
    expect(parseEgressEntry(text)).toEqual(expected);
  });

  it.each([
    ['203.0.113.300', 'is not an IPv4 or IPv6 address'],
    ['127.1', 'is not an IPv4 or IPv6 address'],
    ['0x7f.0.0.1', 'is not an IPv4 or IPv6 address'],
    ['203.0.113.0/33', 'not a valid prefix length for IPv4'],
    ['2001:db8::/129', 'not a valid prefix length for IPv6'],
    ['203.0.113.5/28', 'did you mean 203.0.113.0/28?'],
    ['2001:db8::1/64', 'did you mean 2001:db8::/64?'],
    ['203.0.113.0/28/1', 'is not an IP address or CIDR range'],
  ])('rejects %s', (text, problem) => {
    expect(parseEgressEntry(text)).toContain(problem);
  });
});

describe('parseAllowlist', () => {
  const file = `# egress addresses
[eu-central] Europe (Frankfurt)
smtp  203.0.113.10
imap  203.0.113.0/28   # sync workers
https 2001:db8:10::/48
SMTP  203.0.113.11

[us-east] United States (Virginia)
https 198.51.100.7
smtp  203.0.113.10
`;

  it('groups entries by data center and protocol, in protocol order, and lists every distinct entry', () => {
    const list = parseAllowlist(file);
    expect(
      list.dataCenters.map((dc) => [
        dc.id,
        dc.name,
        dc.groups.map((g) => [g.protocol, g.entries.map((e) => e.value)]),
      ]),
    ).toEqual([
      [
        'eu-central',
        'Europe (Frankfurt)',
        [
          ['SMTP', ['203.0.113.10', '203.0.113.11']],
          ['IMAP', ['203.0.113.0/28']],
          ['HTTPS', ['2001:db8:10::/48']],
        ],
      ],
      [
        'us-east',
        'United States (Virginia)',
        [
          ['SMTP', ['203.0.113.10']],
          ['HTTPS', ['198.51.100.7']],
        ],
      ],
    ]);
    expect(list.allEntries).toEqual([
      '203.0.113.10',
      '203.0.113.11',
      '203.0.113.0/28',
      '2001:db8:10::/48',
      '198.51.100.7',
    ]);
  });

  it.each([
    ['smtp 203.0.113.1', 2, 'must follow a data center header'],
    ['[dc] A\nftp 203.0.113.1', 3, '"ftp" is not a protocol'],
    ['[dc] A\nsmtp 203.0.113.1 203.0.113.2', 3, 'one protocol and one address'],
    ['[dc] A\nsmtp', 3, 'one protocol and one address'],
    ['[dc] A\n\n\nimap 999.1.1.1', 5, '"999.1.1.1" is not an IPv4 or IPv6 address'],
    ['[dc] A\n[dc] B', 3, 'declared twice'],
    ['[bad id!] A', 2, 'is not a data center header'],
  ])('names the bad line: %j', (body, line, problem) => {
    expect(() => parseAllowlist(`# header\n${body}`, '/etc/inlet/ip-allowlist.conf')).toThrow(
      new RegExp(
        `^/etc/inlet/ip-allowlist\\.conf line ${line}: .*${problem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
      ),
    );
  });

  it('accepts an empty file', () => {
    expect(parseAllowlist('# nothing yet\n')).toEqual({ dataCenters: [], allEntries: [] });
  });
});
