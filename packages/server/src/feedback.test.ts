import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { startTracing, type Tracing } from '@ragship/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from '@ragship/telemetry/testing';
import { feedbackResponseSchema } from './response-schemas.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// Feedback goes to the registry (SQLite here), to /metrics, and to Phoenix: the receiver in this
// process decodes the exported spans and takes span annotations as Phoenix's REST API does (a
// double of that endpoint; Phoenix itself is a Python server and does not run here).
let receiver: OtlpReceiver;
let fixture: TestApp;
let tracing: Tracing | undefined;

beforeEach(async () => {
  receiver = await startOtlpReceiver();
  fixture = createTestApp();
  await fixture.promote(
    await fixture.writeVersion({ 'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.' }),
    null,
  );
});
afterEach(async () => {
  await tracing?.shutdown();
  tracing = undefined;
  await receiver.stop();
  await fixture.close();
});

const traced = () =>
  (tracing = startTracing({
    endpoint: `${receiver.url}/v1/traces`,
    projectName: 'ragship-dev',
    batch: false,
    apiKey: 'phoenix-secret',
  }));

async function answer(app: ReturnType<TestApp['app']>): Promise<string> {
  const response = await request(app).post('/v1/chat').send({ question: 'How do I roll back an index?' });
  expect(response.status).toBe(200);
  return (response.body as { traceId: string }).traceId;
}

describe('POST /v1/feedback', () => {
  it('when an answer is rated, then the rating is stored with the kb and version that answered, and counted', async () => {
    const app = fixture.app();
    const traceId = await answer(app);
    const response = await request(app).post('/v1/feedback').send({ traceId, rating: -1, comment: ' too terse ' });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ traceId, rating: -1, kb: 'docs', indexVersion: 'v1', environment: 'dev' });
    expect(feedbackResponseSchema.safeParse(response.body).error).toBeUndefined();
    const [stored] = await fixture.registry.monitoring.listFeedback({ traceId });
    expect(stored).toMatchObject({ id: response.body.id, rating: -1, comment: 'too terse', kb: 'docs', version: 1 });
    const metrics = (await request(app).get('/metrics')).text;
    expect(metrics).toContain('ragship_feedback_total{kb="docs",index_version="v1",rating="down"} 1');
  });

  it('when the trace id is not one this deployment answered under, then 404 ANSWER_NOT_FOUND and nothing is stored', async () => {
    const response = await request(fixture.app())
      .post('/v1/feedback')
      .send({ traceId: 'ab'.repeat(16), rating: 1 });
    expect(response.status).toBe(404);
    expect(response.body.error).toMatchObject({
      code: 'ANSWER_NOT_FOUND',
      message: expect.stringMatching(/trace id abab.* in environment "dev" in the last 30 days/) as string,
    });
    expect(await fixture.registry.monitoring.listFeedback()).toEqual([]);
  });

  it('when another replica gave the answer, then the registry knows it and the rating is kept with its kb and version', async () => {
    const traceId = await answer(fixture.app());
    await expect
      .poll(() => fixture.registry.monitoring.findAnswer(traceId, 'dev', '1970-01-01T00:00:00Z'))
      .toBeDefined();
    const response = await request(fixture.app()).post('/v1/feedback').send({ traceId, rating: 1 });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ kb: 'docs', indexVersion: 'v1', rating: 1 });
  });

  it('when another key rates an answer, then 403 and nothing is stored', async () => {
    const keys = [
      { name: 'asker', key: 'asker-key-0123456789abcdef', role: 'reader' as const },
      { name: 'stranger', key: 'stranger-key-0123456789abcdef', role: 'reader' as const },
    ];
    const app = fixture.app({ keys });
    const asked = await request(app)
      .post('/v1/chat')
      .set('Authorization', `Bearer ${keys[0]!.key}`)
      .send({ question: 'How do I roll back an index?' });
    const { traceId } = asked.body as { traceId: string };
    const rate = (key: string) =>
      request(app).post('/v1/feedback').set('Authorization', `Bearer ${key}`).send({ traceId, rating: -1 });
    const stranger = await rate(keys[1]!.key);
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.code).toBe('FORBIDDEN');
    expect(await fixture.registry.monitoring.listFeedback()).toEqual([]);
    expect((await rate(keys[0]!.key)).status).toBe(201);
  });

  it.each([
    ['no traceId', { rating: 1 }, /traceId/],
    ['a traceId that is not one', { traceId: 'not-a-trace', rating: 1 }, /traceId: must be the 32 hex digits/],
    ['a rating of 5', { traceId: 'ab'.repeat(16), rating: 5 }, /rating: must be 1 \(helpful\) or -1/],
    ['a 2001-character comment', { traceId: 'ab'.repeat(16), rating: 1, comment: 'x'.repeat(2001) }, /comment/],
    ['an unknown field', { traceId: 'ab'.repeat(16), rating: 1, extra: true }, /extra|Unrecognized/],
  ])('when the body has %s, then 400 names the field and nothing is stored', async (_what, body, message) => {
    const response = await request(fixture.app({ bodyLimit: '16kb' }))
      .post('/v1/feedback')
      .send(body);
    expect(response.status).toBe(400);
    expect((response.body as { error: { message: string } }).error.message).toMatch(message);
    expect(await fixture.registry.monitoring.listFeedback()).toEqual([]);
  });

  it('when tracing is on, then Phoenix gets a feedback span under the chat span and a HUMAN annotation on it', async () => {
    const app = fixture.app({ tracing: traced() });
    const traceId = await answer(app);
    const response = await request(app).post('/v1/feedback').send({ traceId, rating: 1, comment: 'spot on' });
    expect(response.status).toBe(201);
    await tracing!.flush();
    const spans = await receiver.waitFor((received) =>
      received.some((span) => span.traceId === traceId && span.name === 'feedback'),
    );
    const chat = spans.find((span) => span.traceId === traceId && span.name === 'chat')!;
    const feedback = spans.find((span) => span.traceId === traceId && span.name === 'feedback')!;
    expect(feedback.parentSpanId).toBe(chat.spanId);
    expect(feedback.attributes).toMatchObject({
      'openinference.span.kind': 'EVALUATOR',
      'ragship.feedback.rating': 1,
      'ragship.feedback.label': 'thumbs_up',
      'ragship.feedback.comment': 'spot on',
      'ragship.kb': 'docs',
      'ragship.index_version': 'v1',
      'ragship.environment': 'dev',
    });
    await expect.poll(() => receiver.annotations()).toHaveLength(1);
    expect(receiver.annotations()[0]).toEqual({
      span_id: chat.spanId,
      name: 'user_feedback',
      annotator_kind: 'HUMAN',
      result: { label: 'thumbs_up', score: 1, explanation: 'spot on' },
      metadata: { kb: 'docs', indexVersion: 'v1', environment: 'dev' },
      identifier: `ragship-feedback-${(response.body as { id: number }).id}`,
      authorization: 'Bearer phoenix-secret',
    });
  });

  it('when inputs are hidden, then the comment stays out of Phoenix but is stored', async () => {
    tracing = startTracing({
      endpoint: receiver.url,
      projectName: 'ragship-dev',
      batch: false,
      hideInputs: true,
    });
    const app = fixture.app({ tracing });
    const traceId = await answer(app);
    await request(app).post('/v1/feedback').send({ traceId, rating: -1, comment: 'my account is QXZ-secret' });
    await tracing.flush();
    const spans = await receiver.waitFor((received) => received.some((span) => span.name === 'feedback'));
    expect(
      JSON.stringify(spans, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
    ).not.toContain('QXZ-secret');
    await expect.poll(() => receiver.annotations()).toHaveLength(1);
    expect(receiver.annotations()[0]!.result).toEqual({ label: 'thumbs_down', score: 0, explanation: null });
    expect((await fixture.registry.monitoring.listFeedback())[0]!.comment).toBe('my account is QXZ-secret');
  });
});
