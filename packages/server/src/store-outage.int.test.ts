import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startChromaServer, type ChromaServer } from '@ragship/chroma-server';
import { createChromaVectorStore, type VectorStore } from '@ragship/vector-store';
import { startServer, type RunningServer } from './start-server.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

let dataDir: string;
let chroma: ChromaServer;
let fixture: TestApp<VectorStore>;
let api: RunningServer;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'ragship-outage-'));
  chroma = await startChromaServer({ dataDir });
  fixture = createTestApp(createChromaVectorStore({ url: chroma.url }));
  await fixture.promote(await fixture.writeVersion({ 'a.md': 'To roll back an index, run ragship rollback.' }), null);
  const logger = pino({ level: 'silent' });
  api = await startServer(fixture.app({ logger }), { host: '127.0.0.1', port: 0, logger });
});
afterAll(async () => {
  await api?.close(1000);
  await chroma?.stop();
  await fixture?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function retrieve(): Promise<{ status: number; ms: number; code?: string; text: string }> {
  const started = performance.now();
  const response = await fetch(`${api.url}/v1/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'roll back' }),
  });
  const text = await response.text();
  const body = JSON.parse(text) as { error?: { code: string } };
  const ms = performance.now() - started;
  return { status: response.status, ms, text, ...(body.error ? { code: body.error.code } : {}) };
}

describe('when Chroma goes away and comes back', () => {
  it('then requests fail fast with 503 while it is down and succeed again once it is back, without restarting the API', async () => {
    expect((await retrieve()).status).toBe(200);
    const { port } = chroma;
    await chroma.stop();

    const down = [];
    for (let index = 0; index < 20; index++) down.push(await retrieve());
    expect(down.map((result) => [result.status, result.code])).toEqual(down.map(() => [503, 'STORE_UNAVAILABLE']));
    expect(Math.max(...down.map((result) => result.ms))).toBeLessThan(2000);
    // Where the store is stays in the log: the client is not told.
    for (const result of down) expect(result.text).not.toContain(`:${port}`);
    const notReady = await fetch(`${api.url}/readyz`);
    expect(notReady.status).toBe(503);
    expect(await notReady.text()).not.toContain(`:${port}`);

    chroma = await startChromaServer({ dataDir, port });
    expect(chroma.port).toBe(port);
    const back = await retrieve();
    expect(back.status).toBe(200);
    expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
    console.info(`store outage: slowest 503 took ${Math.max(...down.map((result) => result.ms)).toFixed(0)} ms`);
  });
});
