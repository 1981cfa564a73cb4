import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One event of a Server-Sent Events stream. */
export interface ServerSentEvent {
  /** The `event:` field; `message` when the event had none. */
  event: string;
  /** The `data:` field (lines joined with newlines). */
  data: string;
}

/**
 * Reads the events of a `text/event-stream` body (e.g. a POST response, which `EventSource`
 * cannot make) as they arrive. Aborting `signal` cancels the body and rejects with the abort reason.
 */
export async function* readServerSentEvents(
  body: ReadableStream<Uint8Array<ArrayBuffer>>,
  signal?: AbortSignal,
): AsyncGenerator<ServerSentEvent> {
  const reader = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream()).getReader();
  const cancel = () => void reader.cancel(signal?.reason).catch(() => undefined);
  signal?.addEventListener('abort', cancel, { once: true });
  try {
    signal?.throwIfAborted();
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) return;
      yield { event: value.event ?? 'message', data: value.data };
    }
  } finally {
    signal?.removeEventListener('abort', cancel);
    // A consumer that stops early (break, return, throw) releases the stream too.
    cancel();
  }
}
