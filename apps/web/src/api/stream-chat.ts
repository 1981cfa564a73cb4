import type { ErrorResponse } from '@ragship/server';
import type { ApiClient } from './api-client.ts';
import { ApiError, apiErrorFromBody } from './api-error.ts';
import type { ChatAnswer, ChatMeta, ChatRequest } from './chat-contract.ts';
import { readServerSentEvents } from './read-server-sent-events.ts';

/** What a streamed answer brings, in order: `meta` once, `token`s, then `done`. */
export type ChatStreamEvent =
  { type: 'meta'; meta: ChatMeta } | { type: 'token'; text: string } | { type: 'done'; answer: string };

/**
 * Asks `POST /v1/chat` for a streamed answer and yields its events as they arrive. Fails with
 * {@link ApiError}: the error response before the stream, or the `error` event within it.
 * Aborting `signal` (Stop) ends the request, and the server stops generating.
 */
export async function* streamChat(
  client: ApiClient,
  request: ChatRequest,
  signal?: AbortSignal,
): AsyncGenerator<ChatStreamEvent> {
  const response = await client.send('/v1/chat', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify({ ...request, stream: true }),
    signal: signal ?? null,
  });
  if (!response.body || !isEventStream(response)) {
    // A server (or proxy) that answers JSON anyway: the whole answer at once.
    const { answer, ...meta } = (await response.json()) as ChatAnswer;
    yield { type: 'meta', meta };
    yield { type: 'done', answer };
    return;
  }
  for await (const event of readServerSentEvents(response.body, signal)) {
    const data = parseData(event.data);
    if (event.event === 'meta') yield { type: 'meta', meta: data as ChatMeta };
    else if (event.event === 'token') yield { type: 'token', text: (data as { text: string }).text };
    else if (event.event === 'error') throw apiErrorFromBody(data as ErrorResponse['error'], null);
    else if (event.event === 'done') {
      yield { type: 'done', answer: (data as { answer: string }).answer };
      return;
    }
  }
  throw new ApiError({ status: null, code: 'INVALID_RESPONSE', message: 'The answer stopped before it was complete.' });
}

function isEventStream(response: Response): boolean {
  return response.headers.get('Content-Type')?.startsWith('text/event-stream') ?? false;
}

function parseData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch (cause) {
    throw new ApiError({ status: null, code: 'INVALID_RESPONSE', message: 'The API sent an unreadable event.', cause });
  }
}
