import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { GatewayConfig } from './env.js';
import type { Logger } from './logger.js';

export interface LimitRule {
  /** Attempts allowed per window and key. */
  points: number;
  /** The window: fixed, starting at the key's first attempt. */
  seconds: number;
}

/**
 * One named limit (attempts per window per key). Counted in Redis when REDIS_URL is set, so every
 * gateway replica shares the count; in memory otherwise. While Redis is unreachable each process
 * counts on its own (the insurance limiter) rather than letting everything through or nothing.
 */
export class RateLimit {
  constructor(
    readonly name: string,
    readonly rule: LimitRule,
    private readonly store: RateLimiterAbstract,
    private readonly logger: Logger,
  ) {}

  /**
   * Counts one attempt; false once the key is over the limit for this window. The first refusal of a
   * window is logged, with `logFields` (default: the key) to say whose.
   */
  async take(key: string, logFields: object = { key }): Promise<boolean> {
    try {
      await this.store.consume(key);
      return true;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      if (refusal.consumedPoints === this.rule.points + 1) {
        this.logger.warn(
          {
            limit: this.name,
            ...logFields,
            retryAfterSeconds: Math.ceil(refusal.msBeforeNext / 1000),
          },
          'rate limit reached',
        );
      }
      return false;
    }
  }

  /** Gives one attempt back (a sign-in that succeeded was not a failed one). */
  async refund(key: string): Promise<void> {
    await this.store.reward(key, 1);
  }

  /** Forgets the key's attempts. */
  async reset(key: string): Promise<void> {
    await this.store.delete(key);
  }
}

const FIFTEEN_MINUTES = 15 * 60;

export interface RateLimits {
  /** Sign-in attempts for one address from one client IP (reset when it succeeds). */
  signInPerAccountAndIp: RateLimit;
  /** Failed sign-ins for one account, from any IP: password guessing spread over many addresses. */
  signInPerAccount: RateLimit;
  /** Failed sign-ins from one client IP, for any account: credential stuffing from one address. */
  signInPerIp: RateLimit;
  /** Connection checks per user: each one opens sockets to outside servers. */
  connectionChecks: RateLimit;
  /** Provider detections per user: each one sends DNS queries and HTTPS requests to a domain the user chose. */
  detections: RateLimit;
  close(): Promise<void>;
}

/** The limits, in Redis (`<prefix>:limit:<name>:<key>`) when configured and `connect` is set (gateways), else in memory. */
export async function createRateLimits(
  config: GatewayConfig,
  logger: Logger,
  { connect }: { connect: boolean },
): Promise<RateLimits> {
  const rules: Record<Exclude<keyof RateLimits, 'close'>, LimitRule> = {
    signInPerAccountAndIp: { points: 10, seconds: FIFTEEN_MINUTES },
    signInPerAccount: { points: config.signInAttempts.perAccount, seconds: FIFTEEN_MINUTES },
    signInPerIp: { points: config.signInAttempts.perIp, seconds: FIFTEEN_MINUTES },
    connectionChecks: { points: 20, seconds: 10 * 60 },
    detections: { points: 30, seconds: 10 * 60 },
  };
  // Without a queue, a command to an unreachable Redis fails at once and the insurance limiter answers.
  const redis =
    config.redis && connect
      ? new Redis(config.redis.url, {
          lazyConnect: true,
          enableOfflineQueue: false,
          connectionName: `${config.redis.prefix}:limits`,
        })
      : undefined;
  if (redis) {
    redis.on('error', (err: Error) =>
      logger.warn({ err: { message: err.message } }, 'Redis connection problem (rate limits)'),
    );
    await redis
      .connect()
      .catch((err: Error) =>
        logger.warn(
          { err: { message: err.message } },
          'rate limits count in this process until Redis is reachable',
        ),
      );
  }
  const limit = (name: keyof typeof rules) => {
    const { points, seconds } = rules[name];
    const memory = new RateLimiterMemory({ points, duration: seconds });
    const store = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          points,
          duration: seconds,
          keyPrefix: `${config.redis!.prefix}:limit:${name}`,
          rejectIfRedisNotReady: true,
          insuranceLimiter: memory,
        })
      : memory;
    return new RateLimit(name, rules[name], store, logger);
  };
  return {
    signInPerAccountAndIp: limit('signInPerAccountAndIp'),
    signInPerAccount: limit('signInPerAccount'),
    signInPerIp: limit('signInPerIp'),
    connectionChecks: limit('connectionChecks'),
    detections: limit('detections'),
    close: async () => {
      redis?.disconnect();
    },
  };
}
