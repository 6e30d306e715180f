import { Redis } from 'ioredis';

export const redisUrl = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** Set on CI (where Redis runs): an unreachable Redis fails the scale-out suite instead of skipping it. */
const redisRequired = process.env.INLET_REQUIRE_REDIS === '1';

async function redisReachable(): Promise<boolean> {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return true;
  } catch (err) {
    if (redisRequired)
      throw new Error(
        `INLET_REQUIRE_REDIS=1 but Redis at ${redisUrl} is unreachable: ${(err as Error).message}`,
      );
    return false;
  } finally {
    client.disconnect();
  }
}

/** True when the scale-out suite can run; logs why not otherwise. */
export const redisAvailable = await redisReachable();
if (!redisAvailable)
  console.warn(`Redis at ${redisUrl} is unreachable: the scale-out suite is skipped.`);
