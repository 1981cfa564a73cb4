import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { StoreUnavailableError } from '@ragship/core';
import type { Registry } from '@ragship/registry';
import { createAnswerer } from '@ragship/retrieval';
import { capturingLogger } from './testing/capturing-logger.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// What an unauthenticated client sees when a backing service fails: a code and a plain message.
// The store's or registry's location, the raw cause and an upstream model's error body go to the
// log, under the request id the client got, and nowhere else.
const REGISTRY_CAUSE =
  'The registry at postgres://ragship:s3cret-pw@10.0.7.12:5432/ragship cannot be reached: connect ECONNREFUSED 10.0.7.12:5432';
const INTERNALS = [/postgres:\/\//, /s3cret-pw/, /10\.0\.7\.12/, /ECONNREFUSED/];
const UPSTREAM = 'Incorrect API key provided: sk-live-4f9a. You can find your API key at https://platform.example/keys';
const DOCS = { 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' };

let fixture: TestApp;
beforeEach(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(() => fixture.close());

/** The registry, failing every alias read with the cause above once `down.now` is set. */
function failingRegistry(down: { now: boolean }): Registry {
  return {
    ...fixture.registry,
    listAliases: () =>
      down.now ? Promise.reject(new StoreUnavailableError(REGISTRY_CAUSE)) : fixture.registry.listAliases(),
  };
}

/** The one log line that records the failure of request `requestId`. */
function loggedFailure(lines: string[], requestId: string): Record<string, unknown> | undefined {
  return lines
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .find((entry) => entry.requestId === requestId && entry.msg !== 'request');
}

describe('GET /readyz when the registry is down', () => {
  it('then the body names the code and a plain reason, and the cause is logged under the request id', async () => {
    const lines: string[] = [];
    const down = { now: false };
    const app = fixture.app({ registry: failingRegistry(down), logger: capturingLogger(lines) });
    expect((await request(app).get('/readyz')).status).toBe(200);
    down.now = true;
    const response = await request(app).get('/readyz');
    expect(response.status).toBe(503);
    expect(response.body).toMatchObject({
      status: 'unavailable',
      code: 'STORE_UNAVAILABLE',
      reason: 'A backing service (the vector store or the registry) cannot be reached. Retry later.',
      requestId: response.headers['x-request-id'],
    });
    for (const internal of INTERNALS) expect(response.text).not.toMatch(internal);
    expect(JSON.stringify(loggedFailure(lines, response.headers['x-request-id'] as string))).toContain(
      'ECONNREFUSED 10.0.7.12',
    );
  });
});

describe('a 503 on /v1 when the registry is down', () => {
  it('then the client gets the code and a plain message, the log the cause', async () => {
    const lines: string[] = [];
    const down = { now: true };
    const response = await request(fixture.app({ registry: failingRegistry(down), logger: capturingLogger(lines) }))
      .post('/v1/chat')
      .send({ question: 'How do I roll back?' });
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({ code: 'STORE_UNAVAILABLE', message: expect.any(String) as string });
    for (const internal of INTERNALS) expect(response.text).not.toMatch(internal);
    expect(JSON.stringify(loggedFailure(lines, response.body.error.requestId as string))).toContain('s3cret-pw');
  });
});

describe('an upstream LLM error', () => {
  let llm: OpenAICompatibleServer;
  beforeEach(async () => {
    llm = await startOpenAICompatibleServer();
  });
  afterEach(() => llm.close());

  async function app(lines: string[]) {
    const answerer = await createAnswerer('openai:gpt-4o-mini', {
      openai: { baseUrl: llm.baseUrl, apiKey: 'test-key' },
    });
    return fixture.app({ answerer, logger: capturingLogger(lines) });
  }

  it('when chat is JSON, then neither the model URL nor its error body reach the client, and both are logged', async () => {
    const lines: string[] = [];
    llm.failNext(3, 401, { message: UPSTREAM });
    const response = await request(await app(lines))
      .post('/v1/chat')
      .send({ question: 'How do I roll back?' });
    expect(response.status).toBe(503);
    expect(response.body.error).toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: 'The answer model is unavailable. Retry later.',
    });
    expect(response.text).not.toMatch(/sk-live|platform\.example|127\.0\.0\.1/);
    expect(JSON.stringify(loggedFailure(lines, response.body.error.requestId as string))).toContain('sk-live-4f9a');
  });

  it('when chat streams, then the error event is as plain, and the failure is logged under the request id', async () => {
    const lines: string[] = [];
    llm.failNext(3, 401, { message: UPSTREAM });
    const response = await request(await app(lines))
      .post('/v1/chat')
      .send({ question: 'How do I roll back?', stream: true });
    const event = /^event: error\ndata: (.*)$/m.exec(response.text);
    expect(event).not.toBeNull();
    const error = JSON.parse(event![1]!) as { code: string; message: string; requestId: string };
    expect(error).toMatchObject({
      code: 'MODEL_UNAVAILABLE',
      message: 'The answer model is unavailable. Retry later.',
    });
    expect(response.text).not.toMatch(/sk-live|platform\.example/);
    expect(JSON.stringify(loggedFailure(lines, error.requestId))).toContain('sk-live-4f9a');
  });
});
