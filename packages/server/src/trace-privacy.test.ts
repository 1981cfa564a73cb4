import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { DEFAULT_GUARDRAILS, DEFAULT_RETRIEVAL } from '@ragship/core';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { createAnswerer } from '@ragship/retrieval';
import { startTracing, type Tracing, type TracingSettings } from '@ragship/telemetry';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '@ragship/telemetry/testing';
import { createTestApp, type TestApp } from './testing/test-app.js';

// What personal data and retrieved text reach Phoenix. Spans are exported over real OTLP/HTTP to a
// receiver in this process, which decodes them (Phoenix is a Python server and does not run here);
// the receiver also takes span annotations as Phoenix's REST API does. The LLM is a local
// OpenAI-compatible test double, not a real model. The registry is a real (in-memory) SQLite one.
const CHUNK_EMAIL = 'oncall.lead@example.com';
const CHUNK_PHONE = '+44 20 7946 0958';
const ROLLBACK_TEXT = `To roll back an index, run ragship rollback docs --env prod. The on-call lead answers at ${CHUNK_EMAIL} or ${CHUNK_PHONE}.`;
const PROMOTE_TEXT = 'To promote a version, run ragship promote docs@v1 --to staging once the gates pass.';
const QUESTION_EMAIL = 'jane.doe@example.org';
const QUESTION_PHONE = '(202) 555-0143';
const QUESTION = `I am ${QUESTION_EMAIL}, call me on ${QUESTION_PHONE}: how do I roll back an index?`;
const ANSWER_EMAIL = 'answers.desk@example.net';
const ANSWER_PHONE = '+1 202 555 0199';
const ANSWER = `Run ragship rollback docs --env prod [1]. For help write to ${ANSWER_EMAIL} or call ${ANSWER_PHONE}.`;
const PERSONAL_DATA = [CHUNK_EMAIL, CHUNK_PHONE, QUESTION_EMAIL, QUESTION_PHONE, ANSWER_EMAIL, ANSWER_PHONE];

let receiver: OtlpReceiver;
let llm: OpenAICompatibleServer;
let fixture: TestApp;
let tracing: Tracing | undefined;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
  llm = await startOpenAICompatibleServer({ answer: () => ANSWER });
  fixture = createTestApp();
  await fixture.promote(
    await fixture.writeVersion({ 'rolling-back.md': ROLLBACK_TEXT, 'promoting.md': PROMOTE_TEXT }),
    null,
  );
});
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
  await llm.close();
  await receiver.stop();
  await fixture.close();
});

function traced(settings: Partial<TracingSettings>): Tracing {
  tracing = startTracing({
    endpoint: `${receiver.url}/v1/traces`,
    projectName: 'ragship-dev',
    batch: false,
    ...settings,
  });
  return tracing;
}

/** The API with an LLM answerer, tracing as given, and PII redaction on or off. */
async function llmApp(current: Tracing, redactPii: boolean) {
  const answerer = await createAnswerer('openai:gpt-4o-mini', { openai: { baseUrl: llm.baseUrl, apiKey: 'sk-test' } });
  return fixture.app({
    tracing: current,
    answerer,
    guardrails: { ...DEFAULT_GUARDRAILS, redactPii },
    // The question's personal data is most of its words: no relevance floor, so it is answered.
    retrieval: { ...DEFAULT_RETRIEVAL, relevanceFloor: { coverage: 0, similarity: null } },
  });
}

/** Every span of the trace, once the chat span and the LLM span have arrived. */
async function traceOf(traceId: string): Promise<ReceivedSpan[]> {
  await tracing?.flush();
  const spans = await receiver.waitFor((received) =>
    ['chat', 'retrieve', 'ChatOpenAI'].every((name) =>
      received.some((span) => span.traceId === traceId && span.name === name),
    ),
  );
  return spans.filter((span) => span.traceId === traceId);
}

/** Everything the spans carry as text: attributes, events and status messages. */
function textOf(spans: ReceivedSpan[]): string {
  return JSON.stringify(
    spans.map((span) => [span.attributes, span.events, span.status.message]),
    (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value),
  );
}

describe('retrieved text in traces', () => {
  it('when inputs are hidden, then no span holds the question or the retrieved chunks’ text, while ids, scores and the answer stay', async () => {
    const response = await request(await llmApp(traced({ hideInputs: true }), false))
      .post('/v1/chat')
      .send({ question: QUESTION, k: 2 });
    expect(response.status).toBe(200);
    const body = response.body as { answer: string; traceId: string; citations: { chunkId: string }[] };
    const spans = await traceOf(body.traceId);

    const text = textOf(spans);
    for (const secret of ['ragship rollback docs --env prod.', 'once the gates pass', CHUNK_EMAIL, QUESTION_EMAIL]) {
      expect(text).not.toContain(secret);
    }
    const retrieve = spans.find((span) => span.name === 'retrieve')!;
    body.citations.forEach((citation, i) => {
      expect(retrieve.attributes[`retrieval.documents.${i}.document.id`]).toBe(citation.chunkId);
      expect(retrieve.attributes[`retrieval.documents.${i}.document.score`]).toEqual(expect.any(Number));
      expect(retrieve.attributes[`retrieval.documents.${i}.document.content`]).toBe('__REDACTED__');
    });
    // Outputs are not hidden: the answer is still on the chat span.
    expect(spans.find((span) => span.name === 'chat')!.attributes['output.value']).toBe(body.answer);
  });

  it('when outputs are hidden, then no span holds the answer, not even as the input of a LangChain step, while the question stays', async () => {
    const response = await request(await llmApp(traced({ hideOutputs: true }), false))
      .post('/v1/chat')
      .send({ question: QUESTION });
    expect(response.status).toBe(200);
    const body = response.body as { answer: string; traceId: string };
    expect(body.answer).toBe(ANSWER);
    const spans = await traceOf(body.traceId);

    expect(textOf(spans)).not.toContain(ANSWER_EMAIL);
    expect(spans.find((span) => span.name === 'chat')!.attributes['input.value']).toBe(QUESTION);
  });
});

describe('personal data in traces', () => {
  it('when PII redaction is on, then no span holds an email address or phone number of the question, the retrieved chunks or the answer', async () => {
    const response = await request(await llmApp(traced({ redactPii: true }), true))
      .post('/v1/chat')
      .send({ question: QUESTION, k: 2 });
    expect(response.status).toBe(200);
    const body = response.body as { answer: string; traceId: string };
    expect(body.answer).toBe('Run ragship rollback docs --env prod [1]. For help write to [EMAIL] or call [PHONE].');
    const spans = await traceOf(body.traceId);

    const text = textOf(spans);
    for (const personal of PERSONAL_DATA) expect(text).not.toContain(personal);
    // The rest is still there, with placeholders where the personal data was.
    const chat = spans.find((span) => span.name === 'chat')!;
    expect(chat.attributes['input.value']).toBe('I am [EMAIL], call me on [PHONE]: how do I roll back an index?');
    expect(chat.attributes['output.value']).toBe(body.answer);
    const llmSpan = spans.find((span) => span.attributes['openinference.span.kind'] === 'LLM')!;
    expect(JSON.stringify(llmSpan.attributes)).toContain('The on-call lead answers at [EMAIL] or [PHONE].');
  });

  it('when PII redaction is off, then the spans hold the text as it was', async () => {
    const response = await request(await llmApp(traced({}), false))
      .post('/v1/chat')
      .send({ question: QUESTION, k: 2 });
    const text = textOf(await traceOf((response.body as { traceId: string }).traceId));
    for (const personal of PERSONAL_DATA) expect(text).toContain(personal);
  });

  it('when PII redaction is on, then a feedback comment is stored and sent to Phoenix with its personal data redacted', async () => {
    const app = await llmApp(traced({ redactPii: true }), true);
    const { traceId } = (await request(app).post('/v1/chat').send({ question: QUESTION })).body as { traceId: string };

    const response = await request(app)
      .post('/v1/feedback')
      .send({ traceId, rating: -1, comment: `Wrong: mail me at ${QUESTION_EMAIL} or ring ${CHUNK_PHONE}.` });

    expect(response.status).toBe(201);
    const redacted = 'Wrong: mail me at [EMAIL] or ring [PHONE].';
    const [stored] = await fixture.registry.monitoring.listFeedback({ traceId });
    expect(stored?.comment).toBe(redacted);
    await tracing!.flush();
    const spans = await receiver.waitFor((received) => received.some((span) => span.name === 'feedback'));
    expect(spans.find((span) => span.name === 'feedback')!.attributes['ragship.feedback.comment']).toBe(redacted);
    await expect.poll(() => receiver.annotations()).toHaveLength(1);
    expect(receiver.annotations()[0]!.result.explanation).toBe(redacted);
  });
});
