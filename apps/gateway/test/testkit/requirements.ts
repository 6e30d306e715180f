import { describe } from 'vitest';
import { engines, POSTGRES_URL } from './databases.js';
import { redisAvailable, redisUrl } from './redis.js';

/**
 * `describe` for a suite that needs PostgreSQL and/or Redis. Without them it is skipped, except on CI:
 * when INLET_REQUIRE_POSTGRES or INLET_REQUIRE_REDIS is set, a missing service the suite needs fails
 * the file, whichever of the two it is (a suite needing both must not skip because the other one is
 * absent). testkit/databases.ts and testkit/redis.ts already fail on their own service.
 */
export function describeNeeding(needs: Needs) {
  return describe.runIf(servicesAvailable(needs));
}

interface Needs {
  postgres?: boolean;
  redis?: boolean;
}

/** True when the services a test needs are reachable; on CI (INLET_REQUIRE_*) a missing one throws. */
export function servicesAvailable(needs: Needs): boolean {
  const missing = [
    needs.postgres && !engines.includes('postgres') && `PostgreSQL (${POSTGRES_URL})`,
    needs.redis && !redisAvailable && `Redis (${redisUrl})`,
  ].filter(Boolean);
  const required = ['INLET_REQUIRE_POSTGRES', 'INLET_REQUIRE_REDIS'].filter(
    (flag) => process.env[flag] === '1',
  );
  if (missing.length > 0 && required.length > 0)
    throw new Error(`${required.join(' and ')} set, but this suite needs ${missing.join(' and ')}`);
  return missing.length === 0;
}
