import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { loadConfig } from '@ragship/core';
import { sourceStores, type OperationsContext } from '@ragship/operations';
import { createTestApp, TEST_BUILD, type TestApp } from '../testing/test-app.js';
import type { IngestionEntry, IngestionList } from './admin-contract.js';

// The ingestion routes over a real SQLite registry (in memory), through the app over HTTP. The
// config gives docs a directory source, wiki a git source with a credential, notes none.
const READER = 'reader-key-0123456789';
const OPERATOR = 'operator-key-0123456789';
const DOCS_ONLY = 'docs-only-key-0123456789';
const keys = [
  READER,
  { name: 'release-bot', key: OPERATOR, role: 'operator' as const },
  { name: 'docs-team', key: DOCS_ONLY, role: 'operator' as const, kbs: ['docs'] },
];
const TOKEN = 'glpat-s3cret-token-value';

let fixture: TestApp;
let dir: string;
let operations: OperationsContext;

beforeEach(async () => {
  fixture = createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'ragship-ingestions-'));
  mkdirSync(path.join(dir, 'corpus'));
  writeFileSync(path.join(dir, 'corpus', 'new.md'), 'A document the API must not ingest by itself.');
  writeFileSync(
    path.join(dir, 'ragship.config.yaml'),
    [
      'environments:',
      '  dev: {}',
      'kbs:',
      '  docs: { source: ./corpus }',
      '  wiki: { source: "git+https://bot:${WIKI_TOKEN}@git.example.com/org/wiki.git?private_token=${WIKI_TOKEN}#main" }',
      '  notes: {}',
    ].join('\n'),
  );
  const config = loadConfig({ cwd: dir, variables: { WIKI_TOKEN: TOKEN } });
  const store = () => Promise.resolve(fixture.store);
  operations = {
    config,
    registry: fixture.registry,
    build: TEST_BUILD,
    store,
    storesOf: (preferred) => sourceStores(config, store, preferred),
  };
  await fixture.promote(await fixture.writeVersion({ 'old.md': 'The first version of the docs kb.' }), null);
});
afterEach(async () => {
  await fixture.close();
  rmSync(dir, { recursive: true, force: true });
});

const app = () => fixture.app({ keys, operations });
const as = (key: string) => ({ Authorization: `Bearer ${key}` });
const trigger = (kb: string, key = OPERATOR, api = app()) =>
  request(api).post('/v1/admin/ingestions').set(as(key)).send({ kb });

describe('POST /v1/admin/ingestions', () => {
  it('when no key or a reader key asks, then 401 and 403; an operator gets 202 with the record and where to read it', async () => {
    expect((await request(app()).post('/v1/admin/ingestions').send({ kb: 'docs' })).status).toBe(401);
    const reader = await trigger('docs', READER);
    expect(reader.status).toBe(403);
    expect(reader.body.error.code).toBe('FORBIDDEN');
    expect(await fixture.registry.listIngestions()).toEqual([]);

    const accepted = await trigger('docs');
    expect(accepted.status).toBe(202);
    const ingestion = accepted.body.ingestion as IngestionEntry;
    expect(accepted.body.coalesced).toBe(false);
    expect(ingestion).toMatchObject({
      kb: 'docs',
      source: './corpus',
      status: 'queued',
      requestedBy: 'release-bot',
      startedAt: null,
      finishedAt: null,
      runner: null,
      version: null,
    });
    expect(Date.parse(ingestion.requestedAt)).not.toBeNaN();
    expect(accepted.headers.location).toBe(`/v1/admin/ingestions/${ingestion.id}`);
    const read = await request(app())
      .get(accepted.headers.location ?? '')
      .set(as(OPERATOR));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(ingestion);
  });

  it('when a key is limited to some kbs, then it may trigger and read only those', async () => {
    const wiki = await trigger('wiki');
    expect((await trigger('wiki', DOCS_ONLY)).status).toBe(403);
    expect((await trigger('docs', DOCS_ONLY)).status).toBe(202);
    const hidden = await request(app()).get(`/v1/admin/ingestions/${wiki.body.ingestion.id}`).set(as(DOCS_ONLY));
    expect(hidden.status).toBe(404);
    const listed = await request(app()).get('/v1/admin/ingestions').set(as(DOCS_ONLY));
    expect((listed.body as IngestionList).ingestions.map((entry) => entry.kb)).toEqual(['docs']);
    expect((await request(app()).get('/v1/admin/ingestions?kb=wiki').set(as(DOCS_ONLY))).status).toBe(403);
  });

  it('when a kb is triggered twice before a worker claims it, then both answers are the same queued request', async () => {
    const first = await trigger('docs');
    const second = await trigger('docs', DOCS_ONLY);
    expect(second.status).toBe(202);
    expect(second.body).toEqual({ ingestion: first.body.ingestion, coalesced: true });
    expect(second.headers.location).toBe(first.headers.location);
    expect(await fixture.registry.listIngestions({ kb: 'docs' })).toHaveLength(1);
  });

  it('when the kb is unknown or has no source, then 404 and 400 name it, and nothing is recorded', async () => {
    const unknown = await trigger('nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'KB_NOT_FOUND', message: expect.stringContaining('"nope"') });
    expect(unknown.body.error.message).toMatch(/known kbs: docs, notes, wiki/);
    const noSource = await trigger('notes');
    expect(noSource.status).toBe(400);
    expect(noSource.body.error).toMatchObject({
      code: 'NO_SOURCE',
      message: 'kb "notes" has no source: set kbs.notes.source in the config.',
    });
    expect(await fixture.registry.listIngestions()).toEqual([]);
  });

  it('when the body names a source or is not a kb, then 400 and nothing is recorded', async () => {
    const withSource = await request(app())
      .post('/v1/admin/ingestions')
      .set(as(OPERATOR))
      .send({ kb: 'docs', source: 'http://169.254.169.254/latest/meta-data/' });
    expect(withSource.status).toBe(400);
    expect(withSource.body.error).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('source') });
    const badKb = await request(app()).post('/v1/admin/ingestions').set(as(OPERATOR)).send({ kb: '../etc' });
    expect(badKb.status).toBe(400);
    expect(badKb.body.error.message).toMatch(/kb: must be a kb name/);
    expect(await fixture.registry.listIngestions()).toEqual([]);
  });

  it('when the configured source carries a credential, then neither the answer nor the registry shows it', async () => {
    const response = await trigger('wiki');
    expect(response.status).toBe(202);
    expect(response.body.ingestion.source).toBe('git+https://git.example.com/org/wiki.git?private_token=***#main');
    const listed = await request(app()).get('/v1/admin/ingestions').set(as(OPERATOR));
    expect(JSON.stringify([response.body, listed.body])).not.toContain(TOKEN);
    expect(JSON.stringify(await fixture.registry.listIngestions())).not.toContain(TOKEN);
  });

  it('when a request is recorded, then the API runs nothing: no version is built and the request stays queued', async () => {
    const before = await fixture.registry.listVersions('docs');
    const response = await trigger('docs');
    await sleep(300); // time for any run the API might have started in the background
    expect(await fixture.registry.listVersions('docs')).toEqual(before);
    expect(await fixture.registry.getIngestion(response.body.ingestion.id)).toMatchObject({
      status: 'queued',
      startedAt: null,
    });
    expect(await fixture.registry.getKbLease('docs')).toBeUndefined();
  });
});

describe('GET /v1/admin/ingestions', () => {
  it('when a worker claims and finishes a request, then its status, runner and version read back, newest first', async () => {
    const first = (await trigger('docs')).body.ingestion as IngestionEntry;
    await fixture.registry.claimIngestions('docs', 'ragship watch on h (pid 7)');
    const running = await request(app()).get(`/v1/admin/ingestions/${first.id}`).set(as(OPERATOR));
    expect(running.body).toMatchObject({ status: 'running', runner: 'ragship watch on h (pid 7)' });
    const followUp = await trigger('docs');
    expect(followUp.body.coalesced).toBe(false);
    await fixture.registry.finishIngestions([first.id], { status: 'succeeded', version: 2, message: 'built v2' });

    const done = await request(app()).get(`/v1/admin/ingestions/${first.id}`).set(as(OPERATOR));
    expect(done.body).toMatchObject({ status: 'succeeded', version: 'v2', message: 'built v2' });
    expect(Date.parse(done.body.finishedAt)).not.toBeNaN();
    const listed = await request(app()).get('/v1/admin/ingestions?kb=docs').set(as(OPERATOR));
    expect((listed.body as IngestionList).ingestions.map((entry) => [entry.id, entry.status])).toEqual([
      [followUp.body.ingestion.id, 'queued'],
      [first.id, 'succeeded'],
    ]);
    const queued = await request(app()).get('/v1/admin/ingestions?status=queued&limit=5').set(as(OPERATOR));
    expect((queued.body as IngestionList).ingestions.map((entry) => entry.id)).toEqual([followUp.body.ingestion.id]);
  });

  it('when the id is unknown or not an id, then 404 INGESTION_NOT_FOUND and 400; a reader may not read', async () => {
    const missing = await request(app())
      .get('/v1/admin/ingestions/00000000-0000-4000-8000-000000000000')
      .set(as(OPERATOR));
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('INGESTION_NOT_FOUND');
    const bad = await request(app()).get('/v1/admin/ingestions/1%20OR%201').set(as(OPERATOR));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/id: must be an ingestion id/);
    expect((await request(app()).get('/v1/admin/ingestions?status=done').set(as(OPERATOR))).status).toBe(400);
    expect((await request(app()).get('/v1/admin/ingestions').set(as(READER))).status).toBe(403);
  });
});
