/**
 * A stand-in for the browser's fetch that answers from route handlers, as the API would
 * (the tests run in jsdom, without a server), and records every call.
 */

/** One call the page made. */
export interface RecordedCall {
  method: string;
  /** Path and query, e.g. `/v1/admin/history?limit=100`. */
  url: string;
  headers: Headers;
  body: string | null;
}

/** Answers a call; `call.body` is the request's JSON text. */
export type RouteHandler = (call: RecordedCall, signal: AbortSignal | null) => Response | Promise<Response>;

/** A fetch whose calls are recorded in `calls`. */
export type FakeFetch = typeof fetch & { calls: RecordedCall[] };

/**
 * Routes are keyed `METHOD /path` (matched without the query) or `METHOD /path?query` (matched
 * exactly, tried first). Anything else answers 404 `ROUTE_NOT_FOUND`.
 */
export function createFakeFetch(routes: Record<string, RouteHandler>): FakeFetch {
  const calls: RecordedCall[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : input, 'http://localhost');
    const call: RecordedCall = {
      method: init?.method ?? 'GET',
      url: url.pathname + url.search,
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : null,
    };
    calls.push(call);
    init?.signal?.throwIfAborted();
    const handler = routes[`${call.method} ${call.url}`] ?? routes[`${call.method} ${url.pathname}`];
    if (!handler) return jsonResponse(404, errorBody('ROUTE_NOT_FOUND', `No route ${call.method} ${call.url}`));
    return handler(call, init?.signal ?? null);
  };
  return Object.assign(fake, { calls });
}

/** A JSON response. */
export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });
}

/** The contract's error body. */
export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, requestId: 'req-1', ...(details ? { details } : {}) } };
}

/** Server-Sent Events text for `[event, data]` pairs. */
export function serverSentEvents(events: readonly [string, unknown][]): string {
  return events.map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/**
 * A `text/event-stream` response whose body delivers `text` in pieces of `pieceLength`
 * characters (so events arrive split across reads, as over a network). With `hold`, the stream
 * stays open after the text until the request is aborted.
 */
export function eventStreamResponse(
  text: string,
  options: { pieceLength?: number; hold?: boolean; signal?: AbortSignal | null } = {},
): Response {
  const { pieceLength = 7, hold = false, signal } = options;
  const bytes = new TextEncoder().encode(text);
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let start = 0; start < bytes.length; start += pieceLength) {
        controller.enqueue(bytes.slice(start, start + pieceLength));
      }
      if (!hold) controller.close();
      else signal?.addEventListener('abort', () => controller.error(signal.reason));
    },
  });
  return new Response(body, { status: 200, headers: { 'Content-Type': 'text/event-stream; charset=utf-8' } });
}
