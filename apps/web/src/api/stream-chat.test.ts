import { describe, expect, it } from 'vitest';
import { answerMeta } from '../testing/fixtures.ts';
import {
  createFakeFetch,
  errorBody,
  eventStreamResponse,
  jsonResponse,
  serverSentEvents,
} from '../testing/fake-fetch.ts';
import { createApiClient } from './api-client.ts';
import { ApiError } from './api-error.ts';
import { createApiKeyStore } from './api-key-store.ts';
import { streamChat, type ChatStreamEvent } from './stream-chat.ts';

const request = { question: 'How do I roll back?', kb: 'docs', history: [] };

function clientAnswering(handler: Parameters<typeof createFakeFetch>[0][string]) {
  const fetch = createFakeFetch({ 'POST /v1/chat': handler });
  return { fetch, client: createApiClient({ keys: createApiKeyStore(sessionStorage), fetch }) };
}

async function collect(events: AsyncGenerator<ChatStreamEvent>) {
  const seen: ChatStreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe('streamChat', () => {
  it('when the API streams meta, tokens and done, then they are yielded in order and the request asks for a stream', async () => {
    const { fetch, client } = clientAnswering(() =>
      eventStreamResponse(
        serverSentEvents([
          ['meta', answerMeta],
          ['token', { text: 'Run ' }],
          ['token', { text: 'rollback [1].' }],
          ['done', { answer: 'Run rollback [1].' }],
        ]),
      ),
    );
    const events = await collect(streamChat(client, request));
    expect(events).toEqual([
      { type: 'meta', meta: answerMeta },
      { type: 'token', text: 'Run ' },
      { type: 'token', text: 'rollback [1].' },
      { type: 'done', answer: 'Run rollback [1].' },
    ]);
    expect(JSON.parse(fetch.calls[0]!.body!)).toEqual({ ...request, stream: true });
    expect(fetch.calls[0]!.headers.get('Accept')).toBe('text/event-stream');
  });

  it('when the stream sends an error event, then it fails with that code and message after the tokens so far', async () => {
    const { client } = clientAnswering(() =>
      eventStreamResponse(
        serverSentEvents([
          ['meta', answerMeta],
          ['token', { text: 'Run' }],
          ['error', { code: 'MODEL_UNAVAILABLE', message: 'The model is unreachable', requestId: 'r-9' }],
        ]),
      ),
    );
    const seen: ChatStreamEvent[] = [];
    const failure = await (async () => {
      for await (const event of streamChat(client, request)) seen.push(event);
    })().catch((error: unknown) => error);
    expect(seen.map((event) => event.type)).toEqual(['meta', 'token']);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'MODEL_UNAVAILABLE', message: 'The model is unreachable', requestId: 'r-9' });
  });

  it('when the API answers an error status instead of a stream, then it fails with the status and code', async () => {
    const { client } = clientAnswering(() =>
      jsonResponse(503, errorBody('NOTHING_PROMOTED', 'Nothing is promoted to dev for kb docs.')),
    );
    await expect(collect(streamChat(client, request))).rejects.toMatchObject({
      status: 503,
      code: 'NOTHING_PROMOTED',
    });
  });

  it('when the stream ends without done, then it fails instead of passing a cut answer as whole', async () => {
    const { client } = clientAnswering(() => eventStreamResponse(serverSentEvents([['token', { text: 'Ru' }]])));
    await expect(collect(streamChat(client, request))).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('when aborted mid-stream, then it rejects with an AbortError after the tokens so far', async () => {
    const abort = new AbortController();
    const { client } = clientAnswering((_call, signal) =>
      eventStreamResponse(serverSentEvents([['meta', answerMeta]]), { hold: true, signal }),
    );
    const seen: ChatStreamEvent[] = [];
    const reading = (async () => {
      for await (const event of streamChat(client, request, abort.signal)) {
        seen.push(event);
        abort.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });
});
