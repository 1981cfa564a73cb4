import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { Redis } from 'ioredis';
import { createSharedCounters, type SharedCounters } from './middleware/shared-counters.js';
import { capturingLogger } from './testing/capturing-logger.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// Two replicas of the API over one Redis (the machine's, at 127.0.0.1:6379): a key's limit is the
// deployment's, not each replica's. CI sets RAGSHIP_REQUIRE_REDIS so a missing Redis fails the run.
const REDIS_URL = process.env.RAGSHIP_TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const KEY = 'test-key-0123456789abcdef';
const DOCS = { 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' };

async function redisAnswers(): Promise<boolean> {
  const probe = new Redis(REDIS_URL, { lazyConnect: true, connectTimeout: 2000, maxRetriesPerRequest: 0 });
  probe.on('error', () => undefined);
  const up = await probe.connect().then(
    () => probe.ping().then(() => true),
    () => false,
  );
  probe.disconnect();
  if (!up && process.env.RAGSHIP_REQUIRE_REDIS)
    throw new Error(`Redis is required but does not answer at ${REDIS_URL}`);
  return up;
}

const available = await redisAnswers();
let fixture: TestApp;
let counters: SharedCounters[] = [];
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(async () => {
  await Promise.all(counters.map((shared) => shared.close()));
  counters = [];
  await fixture.close();
});

/** Counters in a key space of this test's own, so runs never see each other's counts. */
async function shared(prefix = `ragship-test:${randomBytes(6).toString('hex')}:`) {
  const created = createSharedCounters({ url: REDIS_URL, prefix, logger: capturingLogger([]) });
  counters.push(created);
  expect(await created.ready(2000)).toBe(true);
  return { created, prefix };
}

const withRedis = describe.skipIf(!available); // reason: no Redis answers at RAGSHIP_TEST_REDIS_URL (CI sets RAGSHIP_REQUIRE_REDIS)

withRedis('rate limits shared through Redis', () => {
  let inspector: Redis;
  beforeAll(() => {
    inspector = new Redis(REDIS_URL);
  });
  afterAll(() => inspector.quit());

  it('when a key spreads its requests over two replicas, then their sum is limited', async () => {
    const { created, prefix } = await shared();
    const replicas = [0, 1].map(() => fixture.app({ keys: [KEY], requestsPerMinute: 3, sharedCounters: created }));
    const send = (replica: number) =>
      request(replicas[replica]!).post('/v1/retrieve').set('Authorization', `Bearer ${KEY}`).send({ query: 'x' });
    const statuses = [];
    for (const replica of [0, 1, 0, 1]) statuses.push((await send(replica)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(await inspector.keys(`${prefix}*`)).not.toHaveLength(0);
  });

  it('when failed key attempts are spread over two replicas, then they are counted together', async () => {
    const { created } = await shared();
    const replicas = [0, 1].map(() =>
      fixture.app({ keys: [KEY], failedAuthPerMinute: 2, requestsPerMinute: 0, sharedCounters: created }),
    );
    const guess = (replica: number, key: string) =>
      request(replicas[replica]!).post('/v1/retrieve').set('Authorization', `Bearer ${key}`).send({ query: 'x' });
    expect((await guess(0, 'guess-1-0123456789abcdef')).status).toBe(401);
    expect((await guess(1, 'guess-2-0123456789abcdef')).status).toBe(401);
    expect((await guess(0, KEY)).status).toBe(429);
  });

  it('when Redis cannot be reached, then requests are served unlimited and the outage is logged, not a 5xx', async () => {
    const lines: string[] = [];
    const counters = createSharedCounters({ url: 'redis://127.0.0.1:1', prefix: 'x:', logger: capturingLogger(lines) });
    try {
      expect(await counters.ready(200)).toBe(false);
      const app = fixture.app({ keys: [KEY], requestsPerMinute: 1, sharedCounters: counters });
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await request(app)
          .post('/v1/retrieve')
          .set('Authorization', `Bearer ${KEY}`)
          .send({ query: 'x' });
        expect(response.status).toBe(200);
      }
      expect(lines.join('')).toMatch(/rate limit counters unavailable/);
    } finally {
      await counters.close();
    }
  });
});
