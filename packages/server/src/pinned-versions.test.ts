import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { createTestApp, type TestApp } from './testing/test-app.js';

let fixture: TestApp;
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.writeVersion({ 'old.md': 'To roll back an index in the old days, edit the alias table by hand.' });
  await fixture.writeVersion({ 'new.md': 'To roll back an index, run ragship rollback docs --env prod.' });
  await fixture.promote(2, null);
});
afterEach(() => fixture.close());

const retrieve = (body: object) =>
  request(fixture.app())
    .post('/v1/retrieve')
    .send({ query: 'roll back an index', ...body });

const docIdsOf = (body: { results: { docId: string }[] }) => body.results.map((result) => result.docId);

describe('POST /v1/retrieve with a pinned version', () => {
  it('when a request names a ready version, then it is searched instead of the served one, and the answer says so', async () => {
    const pinned = await retrieve({ version: 'v1' });
    expect(pinned.status).toBe(200);
    expect(pinned.headers['x-index-version']).toBe('docs@v1');
    expect(pinned.body).toMatchObject({ kb: 'docs', indexVersion: 'v1', environment: 'dev' });
    expect(docIdsOf(pinned.body)).toEqual(['old.md']);

    const served = await retrieve({});
    expect(served.headers['x-index-version']).toBe('docs@v2');
    expect(served.body).toMatchObject({ indexVersion: 'v2', environment: 'dev' });
    expect(docIdsOf(served.body)).toEqual(['new.md']);
  });

  it('when a reader key pins a version, then 403 says it needs an operator key; an operator key may', async () => {
    const app = fixture.app({
      keys: [
        { name: 'reader', key: 'reader-key-0123456789abcdef', role: 'reader' },
        { name: 'ops', key: 'operator-key-0123456789abcdef', role: 'operator' },
      ],
    });
    const ask = (key: string) =>
      request(app)
        .post('/v1/retrieve')
        .set('authorization', `Bearer ${key}`)
        .send({ query: 'roll back', version: 'v1' });
    const refused = await ask('reader-key-0123456789abcdef');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(refused.body.error.message).toContain('Asking for docs@v1 needs a key with the operator role');
    const allowed = await ask('operator-key-0123456789abcdef');
    expect(allowed.status).toBe(200);
    expect(allowed.body).toMatchObject({ indexVersion: 'v1' });
  });

  it('when the version or the kb does not exist, then 404 names it', async () => {
    const version = await retrieve({ version: 'v9' });
    expect(version.status).toBe(404);
    expect(version.body.error).toMatchObject({ code: 'VERSION_NOT_FOUND', message: 'Unknown version docs@v9.' });
    const kb = await retrieve({ kb: 'handbook', version: 'v1' });
    expect(kb.status).toBe(404);
    expect(kb.body.error).toMatchObject({ code: 'KB_NOT_FOUND', message: 'Unknown kb "handbook".' });
  });

  it('when the version is still building, then 404 says only a ready version can be asked for', async () => {
    await fixture.registry.createVersion('docs', 2);
    const response = await retrieve({ version: 'v3' });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'VERSION_NOT_FOUND',
      message: 'docs@v3 is building: only a ready version can be asked for.',
    });
  });

  it('when the environment’s store lacks the version’s segments, then 404 says to promote it there', async () => {
    await fixture.store.deleteSegment('ragship-docs-v1-base');
    const response = await retrieve({ version: 'v1' });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'VERSION_NOT_FOUND',
      message: 'docs@v1 is not in environment "dev": promote it here to serve it.',
    });
  });

  it('when the version is not written v<N>, then 400 names the field', async () => {
    const response = await retrieve({ version: '1' });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      code: 'INVALID_INPUT',
      message: /version.*must be a version such as "v3"/,
    });
  });
});
