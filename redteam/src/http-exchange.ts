/** One HTTP request to the API under attack, as an attacker sends it. */
export interface HttpRequest {
  method?: string;
  /** Path and query, e.g. `/v1/chat`. */
  path: string;
  /** Sent as `Authorization: Bearer <key>`; none when absent. */
  key?: string | undefined;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as it is, instead of `body`. */
  rawBody?: string | Buffer;
  headers?: Record<string, string>;
  /** Give up after this long, in milliseconds. Default 15 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** What came back: everything a client could see, and how long it took. */
export interface Exchange {
  request: { method: string; path: string };
  /** Null when no response came at all. */
  status: number | null;
  /** Response headers, lower-case names. */
  headers: Record<string, string>;
  text: string;
  /** The body parsed, when it was JSON. */
  json: unknown;
  latencyMs: number;
  /** Why no response came (reset, refused, timed out); null when one did. */
  transportError: string | null;
}

/** Sends `request` to `baseUrl` and reads the whole response (Server-Sent Events to their end). */
export async function exchange(baseUrl: string, request: HttpRequest): Promise<Exchange> {
  const method = request.method ?? (request.body === undefined && request.rawBody === undefined ? 'GET' : 'POST');
  const headers: Record<string, string> = { ...request.headers };
  if (request.key !== undefined) headers.authorization = `Bearer ${request.key}`;
  let body: string | Buffer | undefined = request.rawBody;
  if (body === undefined && request.body !== undefined) body = JSON.stringify(request.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const timeoutMs = request.timeoutMs ?? 15_000;
  const signals = [AbortSignal.timeout(timeoutMs), ...(request.signal ? [request.signal] : [])];
  const started = performance.now();
  const outcome = { request: { method, path: request.path }, headers: {}, json: undefined };
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : new Uint8Array(body) }),
      signal: AbortSignal.any(signals),
    });
    const text = await response.text();
    return {
      ...outcome,
      status: response.status,
      headers: Object.fromEntries(response.headers),
      text,
      json: parseJson(text, response.headers.get('content-type')),
      latencyMs: Math.round(performance.now() - started),
      transportError: null,
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      ...outcome,
      status: null,
      text: '',
      latencyMs: Math.round(performance.now() - started),
      transportError: timedOut ? `no complete response within ${timeoutMs} ms` : describe(error),
    };
  }
}

function parseJson(text: string, contentType: string | null): unknown {
  if (!contentType?.includes('json')) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
