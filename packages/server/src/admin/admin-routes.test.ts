import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { loadConfig } from '@ragship/core';
import {
  promote,
  sourceStores,
  type DocumentChanges,
  type OperationsContext,
  type VersionSummary,
} from '@ragship/operations';
import type { VectorStore } from '@ragship/vector-store';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { createTestApp, TEST_BUILD, type TestApp } from '../testing/test-app.js';

// The admin API over a real SQLite registry (in memory) and an in-memory store per environment:
// dev is the API's own, prod is opened through the operations context as a configured store would be.
const READER = 'reader-key-0123456789';
const OPERATOR = 'operator-key-0123456789';
const DOCS_ONLY = 'docs-only-key-0123456789';
const keys = [
  READER,
  { name: 'release-bot', key: OPERATOR, role: 'operator' as const },
  { name: 'docs-team', key: DOCS_ONLY, role: 'operator' as const, kbs: ['docs'] },
];

let fixture: TestApp;
let dir: string;
let operations: OperationsContext;
let prod: VectorStore;

beforeEach(async () => {
  fixture = createTestApp();
  dir = mkdtempSync(path.join(tmpdir(), 'ragship-admin-'));
  writeFileSync(
    path.join(dir, 'ragship.config.yaml'),
    [
      'environments:',
      '  dev: {}',
      '  prod:',
      '    gates: { documents: { min: 2 } }',
      '  frozen:',
      '    consolePromotion: false',
    ].join('\n'),
  );
  const config = loadConfig({ cwd: dir, variables: {} });
  prod = Object.assign(createInMemoryVectorStore(), { location: 'memory://prod' });
  const frozen = Object.assign(createInMemoryVectorStore(), { location: 'memory://frozen' });
  const stores: Record<string, VectorStore> = { dev: fixture.store, prod, frozen };
  const store = (environment: string) => Promise.resolve(stores[environment] ?? fixture.store);
  operations = {
    config,
    registry: fixture.registry,
    build: TEST_BUILD,
    store,
    storesOf: (preferred) => sourceStores(config, store, preferred),
  };
  const v1 = await fixture.writeVersion({
    'rollback.md': 'To roll back an index, run ragship rollback docs --env prod.',
    'promote.md': 'Promotion copies the segments the target store lacks, then flips the alias.',
  });
  await fixture.promote(v1, null);
});
afterEach(async () => {
  await fixture.close();
  rmSync(dir, { recursive: true, force: true });
});

const app = () => fixture.app({ keys, operations });
const as = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('admin API roles', () => {
  it('when a reader key or no key calls the admin API, then 403 and 401 in the contract shape; an operator reads', async () => {
    const noKey = await request(app()).get('/v1/admin/status');
    expect(noKey.status).toBe(401);
    expect(noKey.body.error.code).toBe('UNAUTHORIZED');
    const reader = await request(app()).get('/v1/admin/status').set(as(READER));
    expect(reader.status).toBe(403);
    expect(reader.body.error).toMatchObject({ code: 'FORBIDDEN', message: expect.stringContaining('operator role') });
    const promotion = await request(app())
      .post('/v1/admin/promotions')
      .set(as(READER))
      .send({ kb: 'docs', version: 'v1', to: 'prod' });
    expect(promotion.status).toBe(403);
    const operator = await request(app()).get('/v1/admin/status').set(as(OPERATOR));
    expect(operator.status).toBe(200);
    expect(operator.body.environments.dev.kbs.docs).toMatchObject({ version: 'v1', promotedBy: 'test' });
  });

  it('when a key names its kbs, then the session lists only those and another kb is 403', async () => {
    await fixture.promote(
      await fixture.writeVersion({ 'other.md': 'Another knowledge base entirely.' }, 'notes'),
      null,
      'notes',
    );
    const session = await request(app()).get('/v1/session').set(as(DOCS_ONLY));
    expect(session.body).toMatchObject({ actor: 'docs-team', role: 'operator', kbs: ['docs'], environment: 'dev' });
    const chat = await request(app()).post('/v1/chat').set(as(DOCS_ONLY)).send({ question: 'What?', kb: 'notes' });
    expect(chat.status).toBe(403);
    expect(chat.body.error.code).toBe('FORBIDDEN');
    const reader = await request(app()).get('/v1/session').set(as(READER));
    expect(reader.body).toMatchObject({ actor: 'key-1', role: 'reader', kbs: ['docs', 'notes'] });
  });
});

describe('admin API promotions', () => {
  it('when an operator plans then promotes v1 to prod, then the plan has margins and segments, and the audit names the key', async () => {
    const plan = await request(app())
      .post('/v1/admin/promotions')
      .set(as(OPERATOR))
      .send({ kb: 'docs', version: 'v1', to: 'prod', dryRun: true });
    expect(plan.status).toBe(200);
    expect(plan.body.audit).toBeNull();
    expect(plan.body.result).toMatchObject({ dryRun: true, changed: true, from: null, to: 'v1' });
    expect(plan.body.result.gates).toEqual([expect.objectContaining({ metric: 'documents', passed: true, margin: 0 })]);
    expect(plan.body.result.segments).toEqual([expect.objectContaining({ action: 'copy', inTarget: 0 })]);
    expect(await fixture.registry.getAlias('prod', 'docs')).toBeUndefined();

    const done = await request(app())
      .post('/v1/admin/promotions')
      .set(as(OPERATOR))
      .send({ kb: 'docs', from: 'dev', to: 'prod' });
    expect(done.status).toBe(200);
    expect(done.body.audit).toMatchObject({ action: 'promote', actor: 'release-bot', environment: 'prod', to: 'v1' });
    expect(done.body.audit.details).toMatchObject({ source: 'dev', build: TEST_BUILD });
    expect(await prod.countChunks(done.body.result.segments[0].name)).toBeGreaterThan(0);
    expect((await fixture.registry.getAlias('prod', 'docs'))?.promotedBy).toBe('release-bot');
  });

  it('when the console and the CLI promote, then their audit entries are alike but for the actor', async () => {
    const v2 = await fixture.writeVersion({
      'rollback.md': 'Roll back with ragship rollback docs --env prod; nothing is copied.',
      'promote.md': 'Promotion copies the segments the target store lacks, then flips the alias.',
    });
    await request(app()).post('/v1/admin/promotions').set(as(OPERATOR)).send({ kb: 'docs', version: 'v1', to: 'prod' });
    await promote(operations, { kb: 'docs', version: v2, to: 'prod', actor: 'alice' });
    const [cli, console] = await fixture.registry.auditLog({ kb: 'docs', environment: 'prod' });
    const shape = (entry: typeof cli) => ({
      ...entry,
      id: 0,
      at: '',
      actor: '',
      from: 0,
      to: 0,
      details: { ...entry?.details, copied: null, store: null, verifiedDigest: null },
    });
    expect(cli?.actor).toBe('alice');
    expect(console?.actor).toBe('release-bot');
    expect(shape(cli)).toEqual(shape(console));
  });

  it('when a gate refuses, then 422 GATE_REFUSED carries every gate with its margin', async () => {
    const small = await fixture.writeVersion({ 'only.md': 'A single document is below the prod gate of two.' });
    const refused = await request(app())
      .post('/v1/admin/promotions')
      .set(as(OPERATOR))
      .send({ kb: 'docs', version: `v${small}`, to: 'prod', dryRun: true });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('GATE_REFUSED');
    expect(refused.body.error.details.gates).toEqual([
      expect.objectContaining({ metric: 'documents', rule: 'min', value: 1, threshold: 2, margin: -1, passed: false }),
    ]);
  });

  it('when the environment turns console promotion off, then promote and rollback answer 403 PROMOTION_DISABLED', async () => {
    const promotion = await request(app())
      .post('/v1/admin/promotions')
      .set(as(OPERATOR))
      .send({ kb: 'docs', version: 'v1', to: 'frozen' });
    expect(promotion.status).toBe(403);
    expect(promotion.body.error).toMatchObject({
      code: 'PROMOTION_DISABLED',
      message: expect.stringContaining('consolePromotion'),
    });
    const rollback = await request(app())
      .post('/v1/admin/rollbacks')
      .set(as(OPERATOR))
      .send({ kb: 'docs', env: 'frozen' });
    expect(rollback.status).toBe(403);
  });

  it('when a promotion is streamed, then progress events come before the result', async () => {
    const response = await request(app())
      .post('/v1/admin/promotions')
      .set({ ...as(OPERATOR), Accept: 'text/event-stream' })
      .send({ kb: 'docs', version: 'v1', to: 'prod' });
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    const events = [...response.text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events.slice(0, 3)).toEqual(['progress', 'progress', 'progress']);
    expect(events).toContain('progress');
    expect(events.at(-1)).toBe('result');
    const result = JSON.parse(
      response.text
        .trim()
        .split('\n')
        .at(-1)
        ?.replace(/^data: /, '') ?? '{}',
    );
    expect(result.audit).toMatchObject({ action: 'promote', to: 'v1' });
  });

  it('when an operator rolls back, then the alias goes back and the audit entry says so', async () => {
    const v2 = await fixture.writeVersion({
      'changed.md': 'The second version has other content than the first.',
      'promote.md': 'Promotion copies segments.',
    });
    await fixture.promote(v2, 1);
    const response = await request(app())
      .post('/v1/admin/rollbacks')
      .set(as(OPERATOR))
      .send({ kb: 'docs', env: 'dev' });
    expect(response.status).toBe(200);
    expect(response.body.result).toMatchObject({ from: 'v2', to: 'v1', action: 'rollback' });
    expect(response.body.audit).toMatchObject({ action: 'rollback', actor: 'release-bot', from: 'v2', to: 'v1' });
    expect((await fixture.registry.getAlias('dev', 'docs'))?.version).toBe(1);
  });
});

describe('admin API reads', () => {
  it('when two versions differ in one document, then the diff names it and shows its chunks before and after', async () => {
    await fixture.writeVersion({
      'rollback.md': 'To roll back an index, run ragship rollback docs --env staging first.',
      'promote.md': 'Promotion copies the segments the target store lacks, then flips the alias.',
      'new.md': 'A document added in the second version of the knowledge base.',
    });
    const diff = await request(app()).get('/v1/admin/kbs/docs/diff?from=v1&to=v2').set(as(OPERATOR));
    expect(diff.body).toEqual({
      kb: 'docs',
      from: 'v1',
      to: 'v2',
      added: ['new.md'],
      changed: ['rollback.md'],
      removed: [],
      unchanged: 1,
    });
    const document = await request(app())
      .get('/v1/admin/kbs/docs/diff/document')
      .query({ from: 'v1', to: 'v2', docId: 'rollback.md' })
      .set(as(OPERATOR));
    const texts = (chunks: { text: string }[]) => chunks.map((chunk) => chunk.text).join(' ');
    const changes = document.body as DocumentChanges;
    expect(texts(changes.before)).toContain('--env prod');
    expect(texts(changes.after)).toContain('--env staging');
    const versions = await request(app()).get('/v1/admin/kbs/docs/versions').set(as(OPERATOR));
    expect(
      (versions.body as { versions: VersionSummary[] }).versions.map((version) => [version.version, version.servedIn]),
    ).toEqual([
      ['v2', []],
      ['v1', ['dev']],
    ]);
    const bad = await request(app()).get('/v1/admin/kbs/docs/diff?from=1&to=v2').set(as(OPERATOR));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from: must be a version such as "v3"/);
  });

  it('when feedback was given, then the status counts it on the served version and monitoring lists the comment', async () => {
    const api = app(); // one process: it remembers which version answered the trace
    const chat = await request(api).post('/v1/chat').set(as(READER)).send({ question: 'How do I roll back an index?' });
    await request(api)
      .post('/v1/feedback')
      .set(as(READER))
      .send({ traceId: chat.body.traceId, rating: -1, comment: 'too short' });
    const status = await request(app()).get('/v1/admin/status').set(as(OPERATOR));
    expect(status.body.environments.dev.kbs.docs.feedback).toEqual({ up: 0, down: 1 });
    expect(status.body.environments.dev.build).toEqual(TEST_BUILD);
    expect(status.body.environments.prod).toMatchObject({
      build: null,
      buildUnknown: expect.stringContaining('apiUrl'),
      kbs: {},
    });
    expect(status.body.environments.frozen.consolePromotion).toBe(false);
    const monitoring = await request(app()).get('/v1/admin/monitoring').set(as(OPERATOR));
    expect(monitoring.body.feedback.recent[0]).toMatchObject({
      rating: -1,
      comment: 'too short',
      kb: 'docs',
      version: 'v1',
    });
  });
});

describe('admin API description', () => {
  it('when /openapi.json is read, then the session, every admin read, both actions and the ingestion requests are in it', async () => {
    const document = (await request(app()).get('/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    expect(
      Object.keys(document.paths).filter((name) => name.startsWith('/v1/admin') || name === '/v1/session'),
    ).toEqual([
      '/v1/session',
      '/v1/admin/kbs',
      '/v1/admin/kbs/{kb}/versions',
      '/v1/admin/kbs/{kb}/versions/{version}',
      '/v1/admin/kbs/{kb}/diff',
      '/v1/admin/kbs/{kb}/diff/document',
      '/v1/admin/status',
      '/v1/admin/history',
      '/v1/admin/monitoring',
      '/v1/admin/promotions',
      '/v1/admin/rollbacks',
      '/v1/admin/ingestions',
      '/v1/admin/ingestions/{id}',
    ]);
    expect(document.paths['/v1/admin/promotions']?.post).toMatchObject({
      requestBody: { content: { 'application/json': { schema: { required: ['kb', 'to'] } } } },
      responses: { '422': { description: expect.stringContaining('GATE_REFUSED') } },
    });
    expect(document.paths['/v1/admin/ingestions']?.post).toMatchObject({
      requestBody: { content: { 'application/json': { schema: { required: ['kb'], additionalProperties: false } } } },
      responses: { '202': { headers: { Location: expect.any(Object) } }, '400': expect.any(Object) },
    });
  });
});
