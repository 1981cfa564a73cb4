import { describe, expect, it } from 'vitest';
import { eventStreamResponse, serverSentEvents } from '../testing/fake-fetch.ts';
import { readServerSentEvents, type ServerSentEvent } from './read-server-sent-events.ts';

async function readAll(body: ReadableStream<Uint8Array<ArrayBuffer>>, signal?: AbortSignal) {
  const events: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(body, signal)) events.push(event);
  return events;
}

describe('readServerSentEvents', () => {
  it('when events arrive split across reads, then each is read whole, in order', async () => {
    const text = serverSentEvents([
      ['meta', { kb: 'docs' }],
      ['token', { text: 'Hé' }],
      ['done', { answer: 'Hé' }],
    ]);
    const response = eventStreamResponse(`: a comment\n${text}data: plain\n\n`, { pieceLength: 3 });
    expect(await readAll(response.body!)).toEqual([
      { event: 'meta', data: '{"kb":"docs"}' },
      { event: 'token', data: '{"text":"Hé"}' },
      { event: 'done', data: '{"answer":"Hé"}' },
      { event: 'message', data: 'plain' },
    ]);
  });

  it('when the signal aborts while the stream is open, then reading rejects with an AbortError', async () => {
    const abort = new AbortController();
    const response = eventStreamResponse(serverSentEvents([['token', { text: 'a' }]]), { hold: true });
    const events: ServerSentEvent[] = [];
    const reading = (async () => {
      for await (const event of readServerSentEvents(response.body!, abort.signal)) {
        events.push(event);
        abort.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(events).toHaveLength(1);
  });
});
