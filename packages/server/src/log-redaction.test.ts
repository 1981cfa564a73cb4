import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { loadConfig, StoreUnavailableError } from '@ragship/core';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { createSqliteRegistry } from '@ragship/registry';
import { createAnswerer } from '@ragship/retrieval';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { createLogger } from './create-logger.js';
import { serveApi } from './serve-api.js';
import { createTestApp, TEST_BUILD, type TestApp } from './testing/test-app.js';

// What the API's logger (apps/api, `ragship serve`) writes: real pino JSON lines, captured.
const KEY = 'reader-key-0123456789abcdef';

/** The product logger, its lines landing in `lines`. */
function productLogger(lines: string[]) {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return createLogger({ name: 'ragship-api', level: 'debug' }, sink);
}

describe('createLogger', () => {
  it('when a config, headers and an error with connection strings are logged, then no credential is in the line and markers stand in their place', () => {
    const lines: string[] = [];
    const logger = productLogger(lines);
    const cause = new Error('connect ECONNREFUSED for postgres://ragship:pg-pass-0001@db:5432/ragship');
    const error = new StoreUnavailableError('The store at https://chroma.internal/?token=chroma-token-0002 failed.', {
      cause,
    });

    logger.info(
      {
        config: {
          providers: { openai: { apiKey: 'sk-openai-0003' }, pinecone: { apiKey: 'pinecone-0004' } },
          api: { keys: ['ragship-key-0005'] },
          tracing: { apiKey: 'phoenix-0006', endpoint: new URL('https://phoenix.example/v1/traces?api_key=phx-0007') },
          registry: { url: 'postgres://ragship:pg-pass-0008@db/ragship' },
        },
        request: {
          headers: {
            authorization: 'Bearer bearer-0009',
            cookie: 'session=cookie-0010',
            'x-api-key': 'x-api-key-0011',
            'proxy-authorization': 'Basic proxy-0012',
          },
        },
        response: { headers: { 'set-cookie': 'session=cookie-0013' } },
        password: 'password-0014',
      },
      'opened redis://:redis-pass-0015@cache:6379/0 and https://api.example/v1?Signature=sig-0016&Expires=1',
    );
    logger.error({ err: error }, 'request failed');
    logger.warn(error);

    const log = lines.join('');
    expect(log.match(/-00\d\d/g)).toBeNull();
    expect(log).toContain('"authorization":"[REDACTED]"');
    expect(log).toContain('"apiKey":"[REDACTED]"');
    expect(log).toContain('postgres://ragship:***@db/ragship');
    expect(log).toContain('redis://:***@cache:6379/0');
    expect(log).toContain('?Signature=***&Expires=1');
    expect(log).toContain('https://phoenix.example/v1/traces?api_key=***');
    expect(log).toContain('https://chroma.internal/?token=***');
    const failed = JSON.parse(lines[1]!) as { err: { message: string; stack: string; code: string } };
    expect(failed.err).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(failed.err.stack).toContain('StoreUnavailableError');
    expect(JSON.parse(lines[2]!)).toMatchObject({ msg: 'The store at https://chroma.internal/?token=*** failed.' });
  });
});

describe('the API’s logs', () => {
  let fixture: TestApp;
  let llm: OpenAICompatibleServer;
  beforeEach(async () => {
    fixture = createTestApp();
    await fixture.promote(
      await fixture.writeVersion({ 'rolling-back.md': 'To roll back, run ragship rollback.' }),
      null,
    );
    // A local OpenAI-compatible double: no hosted LLM runs here.
    llm = await startOpenAICompatibleServer();
  });
  afterEach(async () => {
    await llm.close();
    await fixture.close();
  });

  it('when an upstream model error quotes a URL with a key, then the failure is logged with the key masked, and no request line holds the caller’s key', async () => {
    const lines: string[] = [];
    const answerer = await createAnswerer('openai:gpt-4o-mini', {
      openai: { baseUrl: llm.baseUrl, apiKey: 'sk-model-key' },
    });
    const app = fixture.app({ answerer, keys: [KEY], logger: productLogger(lines) });
    llm.failNext(3, 401, {
      message: 'Key refused at https://gateway.example/v1/chat/completions?api_key=sk-live-upstream-7f3e',
    });

    const response = await request(app)
      .post('/v1/chat?password=query-password-5c1d')
      .set('Authorization', `Bearer ${KEY}`)
      .set('Cookie', 'session=cookie-value-9a2b')
      .send({ question: 'How do I roll back?' });

    expect(response.status).toBe(503);
    const log = lines.join('');
    for (const secret of ['sk-live-upstream-7f3e', KEY, 'query-password-5c1d', 'cookie-value-9a2b', 'sk-model-key']) {
      expect(log).not.toContain(secret);
    }
    const failure = lines.map((line) => JSON.parse(line) as { msg: string; err?: { message: string } });
    expect(failure.find((entry) => entry.msg === 'request failed')?.err?.message).toContain(
      'https://gateway.example/v1/chat/completions?api_key=***',
    );
  });

  it('when the tracing endpoint carries credentials, then the start line masks them', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'ragship-logs-'));
    const registry = createSqliteRegistry({ file: ':memory:' });
    const endpoint = 'http://ragship:phoenix-pass-41d0@127.0.0.1:9/v1/traces?api_key=phoenix-key-8e21';
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), `tracing:\n  endpoint: ${endpoint}\n`);
    const loaded = loadConfig({ cwd, variables: {} });
    const lines: string[] = [];
    const server = await serveApi({
      config: { ...loaded, api: { ...loaded.api, host: '127.0.0.1', port: 0 } },
      registry,
      store: createInMemoryVectorStore(),
      logger: productLogger(lines),
      build: TEST_BUILD,
    });
    try {
      const started = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((entry) => entry.tracing);
      expect(started).toMatchObject({
        msg: 'ragship API listening',
        tracing: { endpoint: 'http://ragship:***@127.0.0.1:9/v1/traces?api_key=***' },
      });
      expect(lines.join('')).not.toMatch(/phoenix-(pass|key)/);
    } finally {
      await server.close(100);
      await registry.close();
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
