import { InvalidInputError, RagshipError, errorMessage } from '@ragship/core';

/** A chunk as `POST /v1/retrieve` returns it. */
export interface RetrievedChunk {
  chunkId: string;
  docId: string;
  text: string;
  score: number;
}

/** A response of the API with the headers deploy checks read. */
export interface ApiResponse<Body> {
  status: number;
  body: Body;
  /** `X-Index-Version` (`<kb>@v<N>`), when the route sets it. */
  indexVersion: string | null;
}

/** The few calls of a running ragship API that `ragship eval --api` and `ragship smoke` make. */
export interface ApiClient {
  readonly url: string;
  get<Body>(route: string): Promise<ApiResponse<Body>>;
  retrieve(query: string, kb: string | undefined, k: number): Promise<ApiResponse<{ results: RetrievedChunk[] }>>;
  chat(question: string, kb: string | undefined): Promise<ApiResponse<{ answer: string; citations: unknown[] }>>;
}

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** The API's base URL, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** A bearer key, when the API requires one. */
  apiKey?: string | undefined;
  /** Per request. Default 30 s. */
  timeoutMs?: number;
}

/**
 * A client of a running ragship API over HTTP. A refused request (non-2xx) throws a
 * `RagshipError` with code `API_ERROR` naming the route, status and the API's own error code;
 * an unreachable API throws `API_UNREACHABLE`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  if (!URL.canParse(options.url) || !/^https?:$/.test(new URL(options.url).protocol)) {
    throw new InvalidInputError(`--api needs an http(s) URL, got "${options.url}".`, 'api');
  }
  const base = options.url.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<Body>(method: 'GET' | 'POST', route: string, body?: unknown): Promise<ApiResponse<Body>> {
    let response: Response;
    try {
      response = await fetch(`${base}${route}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new RagshipError('API_UNREACHABLE', `Cannot reach the API at ${base}: ${errorMessage(error)}`, {
        cause: error,
      });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok && route !== '/readyz') {
      const detail = (parsed as { error?: { code?: string; message?: string } } | undefined)?.error;
      const reason = detail ? ` ${detail.code}: ${detail.message}` : `: ${text.slice(0, 200)}`;
      throw new RagshipError('API_ERROR', `${method} ${route} answered ${response.status}${reason}`);
    }
    return { status: response.status, body: parsed as Body, indexVersion: response.headers.get('x-index-version') };
  }

  return {
    url: base,
    get: (route) => call('GET', route),
    retrieve: (query, kb, k) => call('POST', '/v1/retrieve', { query, k, ...(kb ? { kb } : {}) }),
    chat: (question, kb) => call('POST', '/v1/chat', { question, ...(kb ? { kb } : {}) }),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
