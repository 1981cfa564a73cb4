import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { errorMessage, maskUrlSecrets } from '@ragship/core';

/** Counts a hit in a fixed window: the count, and the milliseconds left in the window. */
const HIT = `
local hits = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return { hits, left }`;

type CountingRedis = Redis & { ragshipHit(key: string, windowMs: number): Promise<[number, number]> };

/**
 * Rate-limit counters every replica of an environment shares, in Redis (`api.rateLimit.redisUrl`):
 * one {@link Store} per limiter, its keys under `<prefix><limiter>:`. When Redis cannot be reached,
 * counting fails fast (no queueing) and the limiters let requests through: an outage of the
 * counters is logged once, and never turns into refused or failed requests.
 */
export interface SharedCounters {
  store(limiter: string): Store;
  /** Whether Redis answers within `timeoutMs`; until it does, requests pass uncounted. */
  ready(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export function createSharedCounters(options: { url: string; prefix: string; logger: Logger }): SharedCounters {
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 250, 5000),
  }) as CountingRedis;
  redis.defineCommand('ragshipHit', { numberOfKeys: 1, lua: HIT });
  let down = false;
  // The URL may hold a password: neither it nor the client's own message (which names the host) is logged whole.
  redis.on('error', (error: unknown) => {
    if (down) return;
    down = true;
    options.logger.warn(
      { err: maskUrlSecrets(errorMessage(error)) },
      'rate limit counters unavailable (Redis): requests are served without limits until it is back',
    );
  });
  redis.on('ready', () => {
    if (down) options.logger.info('rate limit counters are back (Redis)');
    down = false;
  });
  return {
    store: (limiter) => new RedisCounterStore(redis, `${options.prefix}${limiter}:`),
    async ready(timeoutMs) {
      if (redis.status === 'ready') return true;
      const timer = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
      const answered = new Promise<true>((resolve) => redis.once('ready', () => resolve(true)));
      return Promise.race([answered, timer]);
    },
    async close() {
      redis.disconnect();
      await Promise.resolve();
    },
  };
}

/** express-rate-limit's store over the shared Redis: fixed windows, counted by a script in one round trip. */
class RedisCounterStore implements Store {
  readonly localKeys = false;
  private windowMs = 60_000;

  constructor(
    private readonly redis: CountingRedis,
    readonly prefix: string,
  ) {}

  init(options: Options): void {
    this.windowMs = options.windowMs;
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    const [hits, left] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    if (hits === null || left < 0) return undefined;
    return { totalHits: Number(hits), resetTime: new Date(Date.now() + left) };
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    const [hits, left] = await this.redis.ragshipHit(this.prefix + key, this.windowMs);
    return { totalHits: hits, resetTime: new Date(Date.now() + left) };
  }

  async decrement(key: string): Promise<void> {
    await this.redis.decr(this.prefix + key);
  }

  async resetKey(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
