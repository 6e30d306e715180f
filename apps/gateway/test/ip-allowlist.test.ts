import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../src/bootstrap.js';
import { loadConfig } from '../src/env.js';
import { createLogger } from '../src/logger.js';
import { graphql } from './gql/index.js';
import { startTestGateway, type TestGateway } from './testkit/gateway.js';

const Allowlist = graphql(`
  query IpAllowlistQuery {
    ipAllowlist {
      allEntries
      dataCenters {
        id
        name
        groups {
          protocol
          entries {
            value
            ipVersion
            isRange
            addressCount
          }
        }
      }
    }
  }
`);

describe('IP allowlist', () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway('sqlite', {
      allowlist:
        '[eu-central] Europe (Frankfurt)\nsmtp 203.0.113.10\nimap 203.0.113.0/28\nhttps 2001:db8:10::/48\n',
    });
  });
  afterAll(async () => {
    await gw?.close();
  });

  it('is readable by any signed-in user, including view-only seats', async () => {
    const { cookie } = await gw.userSession('USER', 'VIEW_ONLY');
    const res = await gw.execute(Allowlist, {}, { cookie });
    expect(res.data?.ipAllowlist.allEntries).toEqual([
      '203.0.113.10',
      '203.0.113.0/28',
      '2001:db8:10::/48',
    ]);
    expect(
      res.data?.ipAllowlist.dataCenters[0]?.groups.find((g) => g.protocol === 'IMAP')?.entries,
    ).toEqual([{ value: '203.0.113.0/28', ipVersion: 4, isRange: true, addressCount: '16' }]);
  });

  it('is refused to anonymous callers', async () => {
    const res = await gw.execute(Allowlist, {});
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('stops start-up with the file name and line of a bad entry', async () => {
    const { writeFileSync, mkdtempSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const file = join(mkdtempSync(join(tmpdir(), 'inlet-')), 'allowlist.conf');
    writeFileSync(file, '[dc] A\nsmtp 203.0.113.1\nimap 203.0.113.0/33\n');
    const config = loadConfig({
      DATABASE_URL: ':memory:',
      INLET_IP_ALLOWLIST_FILE: file,
      INLET_DATA_DIR: join(file, '..'),
    });
    await expect(createServices(config, createLogger('silent'))).rejects.toThrow(
      `${file} line 3: "/33" is not a valid prefix length`,
    );
  });
});
