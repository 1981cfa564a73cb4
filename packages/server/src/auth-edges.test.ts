import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from './testing/test-app.js';

// What an attacker at the edge of /v1 meets: failed key attempts are limited before the key is
// even checked, and behind a proxy each client (not the proxy) has its own bucket when
// api.trustProxy says which proxy to believe.
const KEY = 'test-key-0123456789abcdef';
const DOCS = { 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' };

let fixture: TestApp;
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(() => fixture.close());

const retrieve = (app: ReturnType<TestApp['app']>, key: string, forwardedFor?: string) => {
  const call = request(app).post('/v1/retrieve').set('Authorization', `Bearer ${key}`);
  return (forwardedFor ? call.set('X-Forwarded-For', forwardedFor) : call).send({ query: 'roll back' });
};

describe('failed API key attempts', () => {
  it('when a client guesses keys past the limit, then it gets 429 even with the right key, until the window ends', async () => {
    const app = fixture.app({ keys: [KEY], failedAuthPerMinute: 3, requestsPerMinute: 0 });
    const statuses = [];
    for (let guess = 0; guess < 4; guess++)
      statuses.push((await retrieve(app, `guess-${guess}-0123456789abcdef`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const right = await retrieve(app, KEY);
    expect(right.status).toBe(429);
    expect(right.body.error).toMatchObject({ code: 'RATE_LIMITED', message: /failed API key attempts/ });
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('when requests carry the right key, then they never count as failed attempts', async () => {
    const app = fixture.app({ keys: [KEY], failedAuthPerMinute: 2, requestsPerMinute: 0 });
    for (let attempt = 0; attempt < 5; attempt++) expect((await retrieve(app, KEY)).status).toBe(200);
    expect((await retrieve(app, 'wrong-key-0123456789abcdef')).status).toBe(401);
    expect((await retrieve(app, KEY)).status).toBe(200);
  });
});

describe('api.trustProxy', () => {
  it('when it is off (the default), then X-Forwarded-For is ignored and keyless clients share the peer address', async () => {
    const app = fixture.app({ requestsPerMinute: 2 });
    const statuses = [];
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      statuses.push(
        (await request(app).post('/v1/retrieve').set('X-Forwarded-For', client).send({ query: 'x' })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('when the proxy is trusted, then each forwarded client has its own bucket', async () => {
    const app = fixture.app({ requestsPerMinute: 2, trustProxy: 'loopback' });
    const ask = (client: string) =>
      request(app).post('/v1/retrieve').set('X-Forwarded-For', client).send({ query: 'x' });
    for (const client of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) expect((await ask(client)).status).toBe(200);
    expect((await ask('203.0.113.1')).status).toBe(200);
    expect((await ask('203.0.113.1')).status).toBe(429);
  });

  it('when failed attempts come through a trusted proxy, then only the guessing client is locked out', async () => {
    const app = fixture.app({ keys: [KEY], failedAuthPerMinute: 1, requestsPerMinute: 0, trustProxy: 1 });
    expect((await retrieve(app, 'guess-0123456789abcdef', '198.51.100.7')).status).toBe(401);
    expect((await retrieve(app, KEY, '198.51.100.7')).status).toBe(429);
    expect((await retrieve(app, KEY, '198.51.100.8')).status).toBe(200);
  });
});
