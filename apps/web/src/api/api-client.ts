import { apiErrorFromResponse, isAbortError, networkError } from './api-error.ts';
import type { ApiKeyStore } from './api-key-store.ts';

/** What {@link createApiClient} needs. */
export interface ApiClientOptions {
  /** The key sent on every call; a 401 asks it for a new one. */
  keys: ApiKeyStore;
  /** Default: the browser's `fetch`. */
  fetch?: typeof fetch;
}

/** Calls to the ragship API of the same origin, with the API key, failing with {@link ApiError}. */
export interface ApiClient {
  /** `GET path`, answering its JSON. */
  get: <T>(path: string, signal?: AbortSignal) => Promise<T>;
  /** `POST path` with a JSON body, answering its JSON. */
  post: <T>(path: string, body: unknown, signal?: AbortSignal) => Promise<T>;
  /** Sends a request and answers the 2xx response as it is (for event streams). */
  send: (path: string, init: RequestInit) => Promise<Response>;
}

/** Creates an {@link ApiClient}. */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const fetchResponse = options.fetch ?? ((input, init) => globalThis.fetch(input, init));

  async function send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers);
    const { key } = options.keys.getState();
    if (key) headers.set('Authorization', `Bearer ${key}`);
    let response: Response;
    try {
      response = await fetchResponse(path, { ...init, headers });
    } catch (error) {
      if (isAbortError(error)) throw error;
      throw networkError(error);
    }
    if (response.ok) return response;
    const error = await apiErrorFromResponse(response);
    if (error.status === 401) options.keys.requireKey();
    throw error;
  }

  async function json<T>(path: string, init: RequestInit): Promise<T> {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    const response = await send(path, { ...init, headers });
    return (await response.json()) as T;
  }

  return {
    send,
    get: (path, signal) => json(path, { method: 'GET', signal: signal ?? null }),
    post: (path, body, signal) =>
      json(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: signal ?? null,
      }),
  };
}
