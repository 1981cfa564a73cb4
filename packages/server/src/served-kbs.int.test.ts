import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startChromaServer, type ChromaServer } from '@ragship/chroma-server';
import { loadConfig, type LoadedConfig } from '@ragship/core';
import { createChromaVectorStore, type VectorStore } from '@ragship/vector-store';
import { serveApi } from './serve-api.js';
import type { RunningServer } from './start-server.js';
import { createTestApp, TEST_BUILD, type TestApp } from './testing/test-app.js';

/**
 * The API as `ragship serve` runs it (serveApi: the background alias refresh, the local embedder)
 * over a real Chroma server and real HTTP, in environments serving kbs other than `docs`.
 */
const C_DOCS = { 'rollback.md': 'To roll back an index, run ragship rollback c --env prod.' };
const D_DOCS = { 'promote.md': 'To promote a version of d, run ragship promote d@v1 --to prod.' };

let dataDir: string;
let chroma: ChromaServer;
let fixture: TestApp<VectorStore>;
const servers: RunningServer[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ragship-served-kbs-'));
  chroma = await startChromaServer({ dataDir: path.join(dataDir, 'chroma') });
  fixture = createTestApp(createChromaVectorStore({ url: chroma.url }));
  await fixture.promote(await fixture.writeVersion(C_DOCS, 'c'), null, 'c');
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close(1000)));
  await chroma?.stop();
  await fixture?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Starts the API of environment dev on a free port, re-reading aliases every 0.2 s. */
async function serve(options: { defaultKb?: string; of?: TestApp<VectorStore> } = {}): Promise<RunningServer> {
  const loaded = loadConfig({ cwd: dataDir, variables: {} });
  const config: LoadedConfig = {
    ...loaded,
    ...(options.defaultKb ? { defaultKb: options.defaultKb } : {}),
    api: { ...loaded.api, host: '127.0.0.1', port: 0, aliasRefreshSeconds: 0.2 },
  };
  const { registry, store } = options.of ?? fixture;
  const server = await serveApi({ config, registry, store, logger: pino({ level: 'silent' }), build: TEST_BUILD });
  servers.push(server);
  return server;
}

async function post(
  server: RunningServer,
  route: string,
  body: object,
): Promise<{ status: number; version: string | null; body: { error?: { code: string; message: string } } }> {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    version: response.headers.get('x-index-version'),
    body: (await response.json()) as { error?: { code: string; message: string } },
  };
}

async function readiness(server: RunningServer): Promise<{ status: number; body: { served?: object } }> {
  const response = await fetch(`${server.url}/readyz`);
  return { status: response.status, body: (await response.json()) as { served?: object } };
}

describe('an API whose environment serves kbs other than docs', () => {
  it('when only kb c is promoted, then it is ready and answers chat and retrieve without kb from c', async () => {
    const server = await serve();
    expect(await readiness(server)).toEqual({
      status: 200,
      body: { status: 'ready', environment: 'dev', build: TEST_BUILD, served: { c: 'c@v1' } },
    });
    const chat = await post(server, '/v1/chat', { question: 'How do I roll back an index?' });
    expect(chat).toMatchObject({ status: 200, version: 'c@v1', body: { kb: 'c', indexVersion: 'v1' } });
    expect((chat.body as { answer: string }).answer).toContain('ragship rollback c');
    const retrieved = await post(server, '/v1/retrieve', { query: 'roll back an index' });
    expect(retrieved).toMatchObject({ status: 200, version: 'c@v1' });
    expect((retrieved.body as { results: { docId: string }[] }).results[0]?.docId).toBe('rollback.md');
  });

  it('when a second kb is promoted and no defaultKb is set, then a request without kb is a 400 naming both; with defaultKb, that kb answers', async () => {
    const server = await serve();
    await post(server, '/v1/retrieve', { query: 'roll back' });
    await fixture.promote(await fixture.writeVersion(D_DOCS, 'd'), null, 'd');
    await expect
      .poll(async () => (await readiness(server)).body.served, { timeout: 5000 })
      .toEqual({
        c: 'c@v1',
        d: 'd@v1',
      });
    await expect.poll(async () => (await post(server, '/v1/chat', { question: 'How do I promote?' })).status).toBe(400);
    const refused = await post(server, '/v1/chat', { question: 'How do I promote?' });
    expect(refused.body.error).toEqual({
      code: 'KB_REQUIRED',
      message: 'Name the kb: environment "dev" serves c, d and no defaultKb is configured.',
      requestId: expect.any(String) as string,
    });
    expect((await post(server, '/v1/retrieve', { query: 'promote', kb: 'd' })).version).toBe('d@v1');

    const withDefault = await serve({ defaultKb: 'd' });
    const answered = await post(withDefault, '/v1/chat', { question: 'How do I promote a version?' });
    expect(answered).toMatchObject({ status: 200, version: 'd@v1' });
  });

  it('when nothing is promoted to the environment yet, then it is ready and chat answers 503 NOTHING_PROMOTED', async () => {
    const empty = createTestApp(fixture.store);
    await empty.writeVersion({ 'draft.md': 'A draft nobody promoted yet.' }, 'e');
    const server = await serve({ of: empty });
    try {
      expect(await readiness(server)).toMatchObject({ status: 200, body: { status: 'ready', served: {} } });
      const chat = await post(server, '/v1/chat', { question: 'Anything?' });
      expect(chat.status).toBe(503);
      expect(chat.body.error).toMatchObject({ code: 'NOTHING_PROMOTED' });
    } finally {
      await server.close(1000);
      servers.splice(servers.indexOf(server), 1);
      await empty.close();
    }
  });

  it('when the store goes down, then /readyz answers 503', async () => {
    const server = await serve();
    expect((await readiness(server)).status).toBe(200);
    await chroma.stop();
    const down = await readiness(server);
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'unavailable', code: 'STORE_UNAVAILABLE', build: TEST_BUILD });
  });
});
