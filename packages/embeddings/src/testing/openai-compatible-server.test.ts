import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from './openai-compatible-server.js';

let server: OpenAICompatibleServer;
beforeEach(async () => {
  server = await startOpenAICompatibleServer({ apiKey: 'sk-double' });
});
afterEach(() => server.close());

function chat(body: object, apiKey = 'sk-double'): Promise<Response> {
  return fetch(`${server.baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
}
const messages = [
  { role: 'system', content: 'Answer from the context.' },
  { role: 'user', content: 'How do I roll back?' },
];

describe('OpenAI-compatible test server', () => {
  it('when a chat completion is asked for, then the answer is built from the last user message', async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: 'chat.completion',
      choices: [{ message: { role: 'assistant', content: 'Answer to: How do I roll back?' }, finish_reason: 'stop' }],
    });
  });

  it('when stream is true, then content arrives as SSE deltas that join to the answer, then [DONE]', async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages, stream: true });
    const events = (await response.text()).split('\n\n').filter(Boolean);

    expect(response.headers.get('content-type')).toBe('text/event-stream');
    expect(events.at(-1)).toBe('data: [DONE]');
    const deltas = events
      .slice(0, -1)
      .map((event) => JSON.parse(event.replace(/^data: /, '')) as { choices: [{ delta: { content?: string } }] });
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe('Answer to: How do I roll back?');
  });

  it('when the key is wrong, then the server answers 401 and logs the request as unauthorized without the key', async () => {
    const response = await chat({ model: 'gpt-4o-mini', messages }, 'sk-wrong');

    expect(response.status).toBe(401);
    expect(server.requests[0]).toMatchObject({ authorized: false, path: '/v1/chat/completions' });
    expect(JSON.stringify(server.requests)).not.toContain('sk-wrong');
  });

  it('when failures are injected, then the next requests fail with that status and Retry-After, then it recovers', async () => {
    server.failNext(2, 429, { retryAfter: 3 });

    const statuses = [];
    for (let index = 0; index < 3; index++) statuses.push(await chat({ model: 'gpt-4o-mini', messages }));

    expect(statuses.map((response) => response.status)).toEqual([429, 429, 200]);
    expect(statuses[0]?.headers.get('retry-after')).toBe('3');
  });
});
