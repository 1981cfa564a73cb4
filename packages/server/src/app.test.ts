import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import type { InMemoryVectorStore } from '@ragship/vector-store/testing';
import { DONT_KNOW_ANSWER } from '@ragship/retrieval';
import { createTestApp, type TestApp } from './testing/test-app.js';

const DOCUMENTS = {
  'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod. Rollback moves the alias back.',
  'configuration.md': 'Chunk size and overlap are set in ragship.config.yaml under chunking.',
};

let fixture: TestApp;
let store: InMemoryVectorStore;
const app = () => fixture.app();
const writeVersion = (documents: Record<string, string>) => fixture.writeVersion(documents);
const promote = (version: number, expected: number | null) => fixture.promote(version, expected);

beforeEach(() => {
  fixture = createTestApp();
  store = fixture.store;
});
afterEach(() => fixture.close());

describe('POST /v1/chat', () => {
  it('when the question is answered by a promoted doc, then the answer cites it and names the version', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const response = await request(app()).post('/v1/chat').send({ question: 'How do I roll back an index?' });
    expect(response.status).toBe(200);
    expect(response.headers['x-index-version']).toBe('docs@v1');
    expect(response.body).toMatchObject({ kb: 'docs', indexVersion: 'v1', environment: 'dev', model: 'extractive' });
    expect(response.body.answer).toContain('ragship rollback docs --env prod');
    expect(response.body.answer).toMatch(/\[1\]/);
    expect(response.body.citations[0]).toMatchObject({ n: 1, docId: 'rolling-back.md', title: 'rolling-back.md' });
    expect(response.body.traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('when no retrieved chunk covers the question, then the answer says it does not know and cites nothing', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const chat = await request(app()).post('/v1/chat').send({ question: 'What is the best chocolate cookie recipe?' });
    expect(chat.status).toBe(200);
    expect(chat.body).toMatchObject({ answer: DONT_KNOW_ANSWER, citations: [] });
    const retrieved = await request(app())
      .post('/v1/retrieve')
      .send({ query: 'best chocolate cookie recipe for an index' });
    expect(retrieved.body.belowFloor).toBe(true);
    const answerable = await request(app()).post('/v1/retrieve').send({ query: 'roll back an index' });
    expect(answerable.body.belowFloor).toBe(false);
    expect(answerable.body.results[0]).toMatchObject({ docId: 'rolling-back.md', score: 1 });
    expect(answerable.body.results[0].signals.coverage).toBeGreaterThan(0.9);
  });

  it('when a filter names a document, then only its chunks are retrieved and cited; a bad filter key is a 400', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const filtered = await request(app())
      .post('/v1/retrieve')
      .send({ query: 'roll back the chunk size', filter: { docId: 'configuration.md' } });
    expect(filtered.status).toBe(200);
    const results = filtered.body.results as { docId: string }[];
    expect(results.map((result) => result.docId)).toEqual(['configuration.md']);
    const chat = await request(app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back?', filter: { docId: ['rolling-back.md'] } });
    const citations = chat.body.citations as { docId: string }[];
    expect(citations.map((citation) => citation.docId)).toEqual(['rolling-back.md']);
    const bad = await request(app())
      .post('/v1/retrieve')
      .send({ query: 'roll back', filter: { textHash: 'x' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/filter.*docId, source/);
  });

  it('when stream is true, then meta, token and done events arrive in order', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const response = await request(app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back an index?', stream: true });
    expect(response.headers['content-type']).toMatch(/text\/event-stream/);
    const events = [...response.text.matchAll(/^event: (\w+)$/gm)].map((match) => match[1]);
    expect(events[0]).toBe('meta');
    expect(events.at(-1)).toBe('done');
    expect(events.filter((event) => event === 'token').length).toBeGreaterThan(3);
  });

  it('when the question is not a string, then 400 names the field in the contract shape', async () => {
    const response = await request(app()).post('/v1/chat').send({ question: 42 });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'INVALID_INPUT', requestId: expect.any(String) });
    expect(response.body.error.message).toMatch(/question/);
  });

  it('when the body is not JSON or too large, then 400 and 413 come back as JSON', async () => {
    const malformed = await request(app())
      .post('/v1/chat')
      .set('content-type', 'application/json')
      .send('{"question":');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('INVALID_JSON');
    const large = await request(app())
      .post('/v1/chat')
      .send({ question: 'x'.repeat(4000) });
    expect(large.status).toBe(413);
    expect(large.body.error.code).toBe('BODY_TOO_LARGE');
  });

  it('when the kb is unknown, then 404; when nothing is promoted, then 503', async () => {
    await writeVersion(DOCUMENTS);
    const unknown = await request(app()).post('/v1/chat').send({ question: 'hi there', kb: 'nope' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('KB_NOT_FOUND');
    const unpromoted = await request(app()).post('/v1/chat').send({ question: 'hi there' });
    expect(unpromoted.status).toBe(503);
    expect(unpromoted.body.error.code).toBe('NOTHING_PROMOTED');
  });

  it('when the store is unreachable, then 503 and /readyz says unavailable; when it returns, both recover', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const server = app();
    store.unavailable = true;
    expect((await request(server).post('/v1/chat').send({ question: 'roll back' })).status).toBe(503);
    expect((await request(server).get('/readyz')).status).toBe(503);
    store.unavailable = false;
    expect((await request(server).post('/v1/chat').send({ question: 'roll back' })).status).toBe(200);
    expect((await request(server).get('/readyz')).body).toMatchObject({ status: 'ready', served: { docs: 'docs@v1' } });
  });
});

describe('serving follows the alias', () => {
  it('when the alias moves, then new requests use the new version after the refresh interval', async () => {
    const server = app();
    await promote(await writeVersion(DOCUMENTS), null);
    expect((await request(server).post('/v1/retrieve').send({ query: 'roll back' })).headers['x-index-version']).toBe(
      'docs@v1',
    );
    await promote(await writeVersion({ 'new.md': 'A brand new document about rolling back indexes.' }), 1);
    fixture.clock.now += 2001;
    const after = await request(server).post('/v1/retrieve').send({ query: 'roll back' });
    expect(after.headers['x-index-version']).toBe('docs@v2');
    const results = (after.body as { results: { docId: string }[] }).results;
    expect(results.map((result) => result.docId)).toEqual(['new.md']);
  });
});

describe('other routes', () => {
  it('when a route does not exist, then 404 comes back as JSON', async () => {
    const response = await request(app()).get('/v1/nothing');
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({ code: 'ROUTE_NOT_FOUND', requestId: expect.any(String) });
  });

  it('when /healthz and /metrics are asked, then the process answers with status and Prometheus text', async () => {
    expect((await request(app()).get('/healthz')).body).toEqual({ status: 'ok' });
    const metrics = await request(app()).get('/metrics');
    expect(metrics.text).toContain('ragship_process_cpu_user_seconds_total');
  });

  it('when chat and retrieve requests are made, then /metrics is valid Prometheus text whose counters move with them', async () => {
    await promote(await writeVersion(DOCUMENTS), null);
    const served = app();
    const sample = async (name: string) => {
      const text = (await request(served).get('/metrics')).text;
      expect(invalidPrometheusLines(text)).toEqual([]);
      return Number(
        text
          .split('\n')
          .find((line) => line.startsWith(name))
          ?.split(' ')
          .at(-1) ?? 0,
      );
    };
    const labels = '{kb="docs",index_version="docs@v1"';
    expect(await sample(`ragship_chat_answers_total${labels},outcome="answered"}`)).toBe(0);
    await request(served).post('/v1/chat').send({ question: 'How do I roll back an index?' });
    await request(served).post('/v1/chat').send({ question: 'What is the best chocolate cookie recipe?' });
    await request(served).post('/v1/retrieve').send({ query: 'chunk size overlap' });
    expect(await sample(`ragship_chat_answers_total${labels},outcome="answered"}`)).toBe(1);
    expect(await sample(`ragship_chat_answers_total${labels},outcome="dont_know"}`)).toBe(1);
    expect(await sample(`ragship_retrieval_top_score_count${labels}}`)).toBe(3);
    expect(await sample(`ragship_retrieval_top_score_bucket{le="+Inf",kb="docs",index_version="docs@v1"}`)).toBe(3);
    expect(
      await sample(
        'ragship_http_request_duration_seconds_count' +
          '{method="POST",route="/v1/chat",status="200",index_version="docs@v1"}',
      ),
    ).toBe(2);
  });
});

/**
 * Lines of a Prometheus text exposition that are neither comments (`# HELP`, `# TYPE`) nor
 * samples. Values are Go floats, so `NaN` in any case (prom-client writes `Nan`).
 */
function invalidPrometheusLines(text: string): string[] {
  const sample =
    /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|[Nn][Aa][Nn]|[+-]Inf)( \d+)?$/;
  const comment = /^# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+$/;
  return text.split('\n').filter((line) => line !== '' && !sample.test(line) && !comment.test(line));
}
