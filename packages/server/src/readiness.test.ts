import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { StoreUnavailableError } from '@ragship/core';
import type { Registry } from '@ragship/registry';
import { readyResponseSchema, versionResponseSchema } from './response-schemas.js';
import { createTestApp, TEST_BUILD, type TestApp } from './testing/test-app.js';

const DOCS = { 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' };

let fixture: TestApp;
beforeEach(() => {
  fixture = createTestApp();
});
afterEach(() => fixture.close());

describe('GET /readyz', () => {
  it('when only kb c is promoted, then it is ready and says what it serves and which build', async () => {
    await fixture.promote(await fixture.writeVersion(DOCS, 'c'), null, 'c');
    const response = await request(fixture.app()).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ready', environment: 'dev', build: TEST_BUILD, served: { c: 'c@v1' } });
    expect(readyResponseSchema.safeParse(response.body).error).toBeUndefined();
  });

  it('when several kbs are promoted, then every one is loaded and listed', async () => {
    await fixture.promote(await fixture.writeVersion(DOCS, 'c'), null, 'c');
    await fixture.promote(await fixture.writeVersion(DOCS, 'docs'), null, 'docs');
    await fixture.writeVersion(DOCS, 'unpromoted');
    const response = await request(fixture.app()).get('/readyz');
    expect(response.status).toBe(200);
    expect(response.body.served).toEqual({ c: 'c@v1', docs: 'docs@v1' });
  });

  it('when nothing is promoted yet, then it is ready, serving nothing, and chat answers 503 NOTHING_PROMOTED', async () => {
    await fixture.writeVersion(DOCS, 'c');
    const app = fixture.app();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', served: {} });
    const chat = await request(app).post('/v1/chat').send({ question: 'How do I roll back?' });
    expect(chat.status).toBe(503);
    expect(chat.body.error).toMatchObject({ code: 'NOTHING_PROMOTED', message: expect.stringMatching(/"dev"/) });
  });

  it('when a promoted kb cannot be loaded, then 503 names the kb and why', async () => {
    await fixture.promote(await fixture.writeVersion(DOCS, 'c'), null, 'c');
    const { version } = await fixture.registry.createVersion('broken', null);
    await fixture.registry.finishVersion('broken', version, 'ready', null);
    await fixture.promote(version, null, 'broken');
    const response = await request(fixture.app()).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      status: 'unavailable',
      environment: 'dev',
      build: TEST_BUILD,
      code: 'ALIAS_BROKEN',
      reason: 'kb "broken" could not be loaded (ALIAS_BROKEN)',
    });
    expect(readyResponseSchema.safeParse(response.body).error).toBeUndefined();
  });

  it('when the registry cannot be read, then 503, even though the kb was loaded before', async () => {
    await fixture.promote(await fixture.writeVersion(DOCS, 'c'), null, 'c');
    let down = false;
    const registry: Registry = {
      ...fixture.registry,
      listAliases: () =>
        down ? Promise.reject(new StoreUnavailableError('registry down')) : fixture.registry.listAliases(),
    };
    const app = fixture.app({ registry });
    expect((await request(app).get('/readyz')).status).toBe(200);
    down = true;
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      status: 'unavailable',
      build: TEST_BUILD,
      code: 'STORE_UNAVAILABLE',
      reason: 'A backing service (the vector store or the registry) cannot be reached. Retry later.',
    });
    // What this replica loaded before keeps serving; readiness is whether it can follow promotions.
    const retrieved = await request(app).post('/v1/retrieve').send({ query: 'roll back' });
    expect(retrieved.headers['x-index-version']).toBe('c@v1');
  });
});

describe('GET /version', () => {
  it('when asked, then it names the build, the git SHA and the product version, without a key', async () => {
    const response = await request(fixture.app({ keys: ['test-key-0123456789abcdef'] })).get('/version');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ build: 'sha256:7e57', gitSha: '7e57', version: '0.1.0' });
    expect(versionResponseSchema.safeParse(response.body).error).toBeUndefined();
  });
});
