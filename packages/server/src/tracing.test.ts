import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { ANSWER_PROMPT_VERSION, createAnswerer } from '@ragship/retrieval';
import { startTracing, type Tracing, type TracingSettings } from '@ragship/telemetry';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@ragship/telemetry/testing';
import { createTestApp, type TestApp } from './testing/test-app.js';

// Spans are exported over real OTLP/HTTP (protobuf) to a receiver in this process, which decodes
// them; Phoenix itself is a Python server and does not run here.
let receiver: OtlpReceiver;
let fixture: TestApp;
let tracing: Tracing | undefined;
const DOCS = {
  'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.',
  'promoting.md': 'To promote a version, run ragship promote docs@v1 --to staging.',
};
const QUESTION = 'How do I roll back an index?';

beforeEach(async () => {
  receiver = await startOtlpReceiver();
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
  await receiver.stop();
  await fixture.close();
});

function traced(settings: Partial<TracingSettings> = {}): Tracing {
  tracing = startTracing({
    endpoint: `${receiver.url}/v1/traces`,
    projectName: 'ragship-dev',
    batch: false,
    ...settings,
  });
  return tracing;
}

/** The spans of one trace once its root (the chat CHAIN span) has arrived. */
async function traceOf(traceId: string, expected: string[]): Promise<ReceivedSpan[]> {
  await tracing?.flush();
  const spans = await receiver.waitFor((received) =>
    expected.every((name) => received.some((span) => span.traceId === traceId && span.name === name)),
  );
  return spans.filter((span) => span.traceId === traceId);
}

const kindOf = (span: ReceivedSpan) => span.attributes['openinference.span.kind'];
const named = (spans: ReceivedSpan[], name: string) => spans.find((span) => span.name === name)!;

describe('tracing of chat requests (OpenInference spans over OTLP)', () => {
  it('when a question is answered, then CHAIN ⊃ RETRIEVER ⊃ EMBEDDING carry the question, the cited chunks and the scope, in the trace the answer names', async () => {
    const response = await request(fixture.app({ tracing: traced() }))
      .post('/v1/chat')
      .send({ question: QUESTION, k: 2 });
    expect(response.status).toBe(200);
    const body = response.body as { answer: string; traceId: string; citations: { chunkId: string; score: number }[] };
    const spans = await traceOf(body.traceId, ['chat', 'retrieve', 'embed query']);

    const chat = named(spans, 'chat');
    expect(kindOf(chat)).toBe('CHAIN');
    expect(chat.parentSpanId).toBe('');
    expect(chat.attributes['input.value']).toBe(QUESTION);
    expect(chat.attributes['output.value']).toBe(body.answer);

    const retrieve = named(spans, 'retrieve');
    expect(kindOf(retrieve)).toBe('RETRIEVER');
    expect(retrieve.parentSpanId).toBe(chat.spanId);
    expect(retrieve.attributes['input.value']).toBe(QUESTION);
    body.citations.forEach((citation, i) => {
      expect(retrieve.attributes[`retrieval.documents.${i}.document.id`]).toBe(citation.chunkId);
      expect(retrieve.attributes[`retrieval.documents.${i}.document.score`]).toBeCloseTo(citation.score, 3);
      expect(retrieve.attributes[`retrieval.documents.${i}.document.content`]).toEqual(expect.stringMatching(/\S/));
    });
    expect(retrieve.attributes[`retrieval.documents.${body.citations.length}.document.id`]).toBeUndefined();

    const embed = named(spans, 'embed query');
    expect(kindOf(embed)).toBe('EMBEDDING');
    expect(embed.parentSpanId).toBe(retrieve.spanId);
    expect(embed.attributes['embedding.model_name']).toBe('local');

    for (const span of spans) {
      expect(span.attributes).toMatchObject({
        'ragship.kb': 'docs',
        'ragship.index_version': 'v1',
        'ragship.environment': 'dev',
      });
      expect(span.resource['openinference.project.name']).toBe('ragship-dev');
    }
  });

  it('when tracing is off, then answers still carry a trace id and nothing is exported', async () => {
    const response = await request(fixture.app()).post('/v1/chat').send({ question: QUESTION });
    expect(response.body.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(receiver.requests()).toBe(0);
  });

  it('when inputs and outputs are hidden, then no span holds the question or the answer', async () => {
    const response = await request(fixture.app({ tracing: traced({ hideInputs: true, hideOutputs: true }) }))
      .post('/v1/chat')
      .send({ question: QUESTION });
    const body = response.body as { answer: string; traceId: string };
    const spans = await traceOf(body.traceId, ['chat', 'retrieve', 'embed query']);
    const values = spans.flatMap((span) => Object.values(span.attributes).map((value) => JSON.stringify(value)));
    expect(values.some((value) => value.includes(QUESTION))).toBe(false);
    expect(named(spans, 'chat').attributes['input.value']).toBeUndefined();
    expect(named(spans, 'chat').attributes['output.value']).toBeUndefined();
    expect(values).not.toContain(JSON.stringify(body.answer));
    // The retrieved chunks keep their ids and scores; their text is masked as OpenInference masks hidden input.
    expect(named(spans, 'retrieve').attributes['retrieval.documents.0.document.id']).toBeDefined();
    expect(named(spans, 'retrieve').attributes['retrieval.documents.0.document.content']).toBe('__REDACTED__');
    expect(values.some((value) => value.includes('ragship rollback docs --env prod.'))).toBe(false);
  });
});

describe('tracing of chat requests with an LLM answerer', () => {
  // The LLM is a local OpenAI-compatible test double, not a real model.
  let llm: OpenAICompatibleServer;
  beforeEach(async () => {
    llm = await startOpenAICompatibleServer({ answer: () => 'Run ragship rollback docs --env prod [1]' });
  });
  afterEach(() => llm.close());

  async function llmApp(current: Tracing) {
    const answerer = await createAnswerer('openai:gpt-4o-mini', {
      openai: { baseUrl: llm.baseUrl, apiKey: 'sk-secret-test-key' },
    });
    return fixture.app({ tracing: current, answerer });
  }

  it('when an LLM answers, then an LLM span under the chat span records the model, the versioned prompt template and the token counts, and no API key', async () => {
    const response = await request(await llmApp(traced()))
      .post('/v1/chat')
      .send({ question: QUESTION });
    expect(response.status).toBe(200);
    const { traceId } = response.body as { traceId: string };
    await traceOf(traceId, ['chat', 'retrieve', 'ChatOpenAI']);
    const spans = receiver.spans().filter((span) => span.traceId === traceId);
    const llmSpan = spans.find((span) => kindOf(span) === 'LLM')!;
    expect(llmSpan.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini',
      'llm.prompt_template.version': ANSWER_PROMPT_VERSION,
      'ragship.kb': 'docs',
      'ragship.index_version': 'v1',
      'ragship.environment': 'dev',
    });
    expect(llmSpan.attributes['llm.prompt_template.template']).toEqual(expect.stringContaining('untrusted'));
    expect(llmSpan.attributes['llm.token_count.prompt']).toBeGreaterThan(0);
    expect(llmSpan.attributes['llm.token_count.completion']).toBeGreaterThan(0);
    // The LLM span descends from the chat span.
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    let ancestor = byId.get(llmSpan.parentSpanId);
    while (ancestor && ancestor.name !== 'chat') ancestor = byId.get(ancestor.parentSpanId);
    expect(ancestor?.name).toBe('chat');
    const everything = JSON.stringify(spans, (_key, value: unknown) =>
      typeof value === 'bigint' ? String(value) : value,
    );
    expect(everything).not.toContain('sk-secret-test-key');
  });

  it('when inputs and outputs are hidden, then the LLM span holds neither the question nor the answer', async () => {
    const response = await request(await llmApp(traced({ hideInputs: true, hideOutputs: true })))
      .post('/v1/chat')
      .send({ question: QUESTION });
    const { traceId } = response.body as { traceId: string };
    await traceOf(traceId, ['chat', 'ChatOpenAI']);
    const spans = receiver.spans().filter((span) => span.traceId === traceId);
    const values = spans.flatMap((span) => Object.values(span.attributes).map((value) => JSON.stringify(value)));
    expect(values.some((value) => value.includes(QUESTION))).toBe(false);
    expect(values.some((value) => value.includes('Run ragship rollback docs'))).toBe(false);
  });
});
