import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { Registry } from '@ragship/registry';
import { createTestApp, type TestApp } from './testing/test-app.js';

const C_DOCS = { 'rollback.md': 'To roll back an index, run ragship rollback c --env prod.' };
const D_DOCS = { 'promote.md': 'To roll back or promote a version of d, run ragship promote d@v1 --to prod.' };

let fixture: TestApp;
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(C_DOCS, 'c'), null, 'c');
});
afterEach(() => fixture.close());

describe('a chat or retrieve request without kb', () => {
  it('when the environment serves one kb and no defaultKb is set, then that kb answers', async () => {
    const app = fixture.app();
    const chat = await request(app).post('/v1/chat').send({ question: 'How do I roll back an index?' });
    expect(chat.status).toBe(200);
    expect(chat.headers['x-index-version']).toBe('c@v1');
    expect(chat.body).toMatchObject({ kb: 'c', indexVersion: 'v1' });
    const retrieved = await request(app).post('/v1/retrieve').send({ query: 'roll back' });
    expect(retrieved.headers['x-index-version']).toBe('c@v1');
    expect(retrieved.body.results[0]).toMatchObject({ docId: 'rollback.md' });
  });

  it('when it serves several and no defaultKb is set, then 400 KB_REQUIRED names them; a request naming one is answered', async () => {
    await fixture.promote(await fixture.writeVersion(D_DOCS, 'd'), null, 'd');
    const app = fixture.app();
    for (const [path, body] of [
      ['/v1/chat', { question: 'How do I roll back?' }],
      ['/v1/retrieve', { query: 'roll back' }],
    ] as const) {
      const refused = await request(app).post(path).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'KB_REQUIRED',
        message: 'Name the kb: environment "dev" serves c, d and no defaultKb is configured.',
      });
    }
    const named = await request(app).post('/v1/retrieve').send({ query: 'roll back', kb: 'd' });
    expect(named.headers['x-index-version']).toBe('d@v1');
  });

  it('when defaultKb is set, then it answers even with several served', async () => {
    await fixture.promote(await fixture.writeVersion(D_DOCS, 'd'), null, 'd');
    const response = await request(fixture.app({ defaultKb: 'd' }))
      .post('/v1/retrieve')
      .send({ query: 'roll back' });
    expect(response.status).toBe(200);
    expect(response.headers['x-index-version']).toBe('d@v1');
  });

  it('when a second kb is promoted, then requests see it after the alias refresh, without a registry read per request', async () => {
    let reads = 0;
    const counting: Registry = {
      ...fixture.registry,
      listAliases: () => {
        reads++;
        return fixture.registry.listAliases();
      },
    };
    const app = fixture.app({ registry: counting });
    for (let index = 0; index < 5; index++) {
      expect((await request(app).post('/v1/retrieve').send({ query: 'roll back' })).status).toBe(200);
    }
    expect(reads).toBe(1);
    await fixture.promote(await fixture.writeVersion(D_DOCS, 'd'), null, 'd');
    expect((await request(app).post('/v1/retrieve').send({ query: 'roll back' })).status).toBe(200);
    fixture.clock.now += 2001;
    expect((await request(app).post('/v1/retrieve').send({ query: 'roll back' })).body.error.code).toBe('KB_REQUIRED');
    expect(reads).toBe(2);
  });
});

describe('a filter on a record field', () => {
  it('when the kb does not declare the field filterable, then 400 names it and nothing is searched; a declared one is used', async () => {
    const filter = { 'meta.door_code': ['100', '417'] };
    const closed = fixture.app();
    for (const [path, body] of [
      ['/v1/chat', { question: 'How do I roll back?', filter }],
      ['/v1/retrieve', { query: 'roll back', filter }],
    ] as const) {
      const refused = await request(closed).post(path).send(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: 'INVALID_INPUT',
        message:
          'filter: meta.door_code is not filterable in kb "c"; record fields filters may name are listed in kbs.c.filterFields (none)',
      });
    }
    const open = fixture.app({ filterFields: { c: ['door_code'] } });
    const allowed = await request(open).post('/v1/retrieve').send({ query: 'roll back', filter });
    expect(allowed.status).toBe(200);
    const visible = await request(closed)
      .post('/v1/retrieve')
      .send({ query: 'roll back', filter: { docId: 'rollback.md' } });
    expect(visible.body.results[0]).toMatchObject({ docId: 'rollback.md' });
  });
});
