import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import request from 'supertest';
import { pino } from 'pino';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { ANSWER_PROMPT_VERSION, createAnswerer } from '@ragship/retrieval';
import { startServer } from './start-server.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

// The LLM is a local OpenAI-compatible test double, not a real model: it answers
// deterministically, streams word by word and counts streams whose client hung up.
let llm: OpenAICompatibleServer;
let fixture: TestApp;
const DOCS = {
  'rolling-back.md': 'To roll back an index, run ragship rollback docs --env prod.',
  'promoting.md': 'To promote a version, run ragship promote docs@v1 --to staging.',
};

beforeEach(async () => {
  llm = await startOpenAICompatibleServer({
    answer: () => Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ') + ' [1]',
    tokenDelayMs: 10,
  });
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion(DOCS), null);
});
afterEach(async () => {
  await llm.close();
  await fixture.close();
});

async function app() {
  const answerer = await createAnswerer('openai:gpt-4o-mini', { openai: { baseUrl: llm.baseUrl, apiKey: 'test-key' } });
  return fixture.app({ answerer });
}

describe('chat with an LLM answerer', () => {
  it('when asked, then the model sees the retrieved chunks fenced as documents and the citations are those chunks', async () => {
    const response = await request(await app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back an index?', k: 2 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ model: 'openai:gpt-4o-mini', promptVersion: ANSWER_PROMPT_VERSION });
    const citations = response.body.citations as { n: number; chunkId: string; snippet: string }[];
    expect(citations.map((citation) => citation.n)).toEqual([1, 2]);
    const prompt = (llm.requests.at(-1)!.body as { messages: { content: string }[] }).messages[1]!.content;
    for (const citation of citations) {
      const stored = [...fixture.store.segments.values()]
        .flatMap((segment) => [...segment.values()])
        .find((chunk) => chunk.id === citation.chunkId);
      expect(stored).toBeDefined();
      expect(prompt).toContain(`<document index="${citation.n}"`);
      expect(prompt).toContain(stored!.text);
    }
  });

  it('when stream is true, then tokens arrive in order between meta and done', async () => {
    const response = await request(await app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back?', stream: true });
    const events = [...response.text.matchAll(/^event: (\w+)\ndata: (.*)$/gm)].map((match) => ({
      event: match[1],
      data: JSON.parse(match[2]!) as Record<string, unknown>,
    }));
    expect(events[0]).toMatchObject({
      event: 'meta',
      data: { promptVersion: ANSWER_PROMPT_VERSION, indexVersion: 'v1' },
    });
    expect(events.at(-1)?.event).toBe('done');
    const tokens = events.filter((item) => item.event === 'token').map((item) => item.data.text as string);
    expect(tokens.length).toBeGreaterThan(20);
    expect(tokens.join('')).toBe(events.at(-1)?.data.answer);
    expect(tokens.join('')).toMatch(/^word0 word1 word2 .* word29 \[1\]$/);
  });

  it('when the client aborts a stream, then the upstream LLM request is cancelled', async () => {
    const logger = pino({ level: 'silent' });
    const server = await startServer(await app(), { host: '127.0.0.1', port: 0, logger });
    try {
      const abort = new AbortController();
      const response = await fetch(`${server.url}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'How do I roll back?', stream: true }),
        signal: abort.signal,
      });
      const reader = response.body!.getReader();
      let text = '';
      while (!text.includes('event: token')) text += new TextDecoder().decode((await reader.read()).value);
      abort.abort();
      await expect.poll(() => llm.cancelledStreams, { timeout: 3000 }).toBe(1);
    } finally {
      await server.close(500);
    }
  });

  it('when the LLM fails, then chat answers 503 in the error shape, and a stream ends with an error event', async () => {
    llm.failNext(2, 500, { message: 'upstream exploded' });
    const plain = await request(await app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back?' });
    expect(plain.status).toBe(503);
    expect(plain.body.error).toMatchObject({ code: 'MODEL_UNAVAILABLE', requestId: expect.any(String) as string });
    const streamed = await request(await app())
      .post('/v1/chat')
      .send({ question: 'How do I roll back?', stream: true });
    expect(streamed.text).toMatch(/^event: error\ndata: \{"code":"MODEL_UNAVAILABLE"/m);
  });
});

describe('follow-up questions', () => {
  it('when there is history and an LLM answerer, then the question is condensed first and retrieval uses the rewrite', async () => {
    await llm.close();
    // The double plays both roles: it rewrites when asked to, and answers otherwise.
    llm = await startOpenAICompatibleServer({
      answer: (message) =>
        message.startsWith('Conversation:') ? 'How do I promote a version to staging?' : 'Run ragship promote [1].',
    });
    const response = await request(await app())
      .post('/v1/chat')
      .send({
        question: 'And to staging?',
        history: [
          { role: 'user', content: 'How do I roll back an index?' },
          { role: 'assistant', content: 'Run ragship rollback [1].' },
        ],
        k: 1,
      });
    expect(response.status).toBe(200);
    const [condense, answer] = llm.requests.map((item) => (item.body as { messages: { content: string }[] }).messages);
    expect(condense?.[1]?.content).toMatch(
      /User: How do I roll back an index\?\nAssistant: Run ragship rollback \[1\]\.\n\nLast question: And to staging\?/,
    );
    expect(answer?.[1]?.content).toMatch(/Question: How do I promote a version to staging\?$/);
    expect(response.body.citations[0].docId).toBe('promoting.md');
  });

  it('when there is history and the extractive answerer, then retrieval joins the last user turn to the question', async () => {
    const response = await request(fixture.app())
      .post('/v1/chat')
      .send({
        question: 'Which version command is that?',
        history: [{ role: 'user', content: 'I want to roll back an index' }],
        k: 1,
      });
    expect(response.body.citations[0].docId).toBe('rolling-back.md');
    // Without the history the same words find the other document: the join is what helps.
    const alone = await request(fixture.app())
      .post('/v1/chat')
      .send({ question: 'Which version command is that?', k: 1 });
    expect(alone.body.citations[0]?.docId).not.toBe('rolling-back.md');
  });

  it('when the LLM answers, whole or streamed, then its tokens and latency are on /metrics', async () => {
    const served = await app();
    const question = 'How do I roll back an index?';
    expect((await request(served).post('/v1/chat').send({ question })).status).toBe(200);
    expect((await request(served).post('/v1/chat').send({ question, stream: true })).status).toBe(200);
    const sent = llm.requests.filter((entry) => entry.path.endsWith('/chat/completions'));
    expect(sent).toHaveLength(2);
    const prompt = sent.reduce((sum, entry) => {
      const messages = (entry.body as { messages: { role: string; content: string }[] }).messages;
      return sum + messages.filter((message) => message.role === 'user').at(-1)!.content.length;
    }, 0);
    const answerLength = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ').length + ' [1]'.length;
    const metrics = (await request(served).get('/metrics')).text;
    expect(metrics).toContain(`ragship_llm_tokens_total{model="openai:gpt-4o-mini",kind="prompt"} ${prompt}`);
    expect(metrics).toContain(
      `ragship_llm_tokens_total{model="openai:gpt-4o-mini",kind="completion"} ${2 * answerLength}`,
    );
    expect(metrics).toContain('ragship_llm_request_duration_seconds_count{model="openai:gpt-4o-mini",outcome="ok"} 2');
  });
});
