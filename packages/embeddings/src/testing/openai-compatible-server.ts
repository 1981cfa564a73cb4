import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLocalEmbedder } from '../local-embedder.js';
import { OPENAI_EMBEDDING_DIMENSIONS } from '../openai-embedder.js';

/** Options of {@link startOpenAICompatibleServer}. */
export interface OpenAICompatibleServerOptions {
  /** When set, requests without `Authorization: Bearer <apiKey>` get HTTP 401. */
  apiKey?: string;
  /**
   * Vector length when a request does not ask for `dimensions`. Default the model's known
   * length (1536 for text-embedding-3-small), else 384.
   */
  dimensions?: number;
  /** Milliseconds every response is held back, so requests overlap and concurrency shows. Default 0. */
  latencyMs?: number;
  /** Lists embeddings last-first, as the API's `index` field permits, to test that clients sort. Default false. */
  reverseOrder?: boolean;
  /** The chat answer to the last user message. Default `Answer to: <message>`. */
  answer?: (question: string) => string;
  /** Milliseconds between streamed pieces of a chat answer, so a client can abort mid-stream. Default 0. */
  tokenDelayMs?: number;
}

/** One request the server received. */
export interface RecordedRequest {
  method: string;
  /** Path without query string, e.g. `/v1/embeddings`. */
  path: string;
  /** Request headers, lower-case, without `authorization` (see {@link RecordedRequest.authorized}). */
  headers: Record<string, string>;
  /** The request carried `Authorization: Bearer <the required key>` (any bearer token when none is required). */
  authorized: boolean;
  /** Parsed JSON body; undefined when absent or not JSON. */
  body: unknown;
}

/** How injected failures look. */
export interface InjectedFailureOptions {
  /** Sent as the `Retry-After` header: seconds, or an HTTP date string. */
  retryAfter?: number | string;
  /** The error message in the `{error:{message}}` body. Default a generic one per status. */
  message?: string;
  /** The error code in the body, e.g. `insufficient_quota`. */
  code?: string;
}

/** A running {@link startOpenAICompatibleServer}. */
export interface OpenAICompatibleServer {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:40123/v1`: pass it as `baseUrl`. */
  readonly baseUrl: string;
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[];
  /** Most requests handled at the same time so far. */
  readonly maxInFlight: number;
  /** Streamed chat answers whose client hung up before the last piece. */
  readonly cancelledStreams: number;
  /** The next `count` requests (any route) fail with `status` and an OpenAI-style error body. */
  failNext(count: number, status: number, options?: InjectedFailureOptions): void;
  /** Stops listening and drops open connections; closing twice is fine. */
  close(): Promise<void>;
}

/**
 * Starts a local HTTP server (127.0.0.1, a free port) that speaks the parts of the OpenAI API
 * ragship uses: `POST /v1/embeddings` (vectors from the local embedder, so similar texts are
 * near) and `POST /v1/chat/completions` (a deterministic answer built from the last user
 * message, plain or `stream: true` server-sent events ending in `data: [DONE]`).
 *
 * It is a test double for OpenAI-compatible servers (OpenAI, vLLM, TGI, LM Studio), standing
 * in where the real service cannot run in tests; it is not the real service and checks only
 * what ragship relies on. Failures are injected with {@link OpenAICompatibleServer.failNext}.
 */
export async function startOpenAICompatibleServer(
  options: OpenAICompatibleServerOptions = {},
): Promise<OpenAICompatibleServer> {
  const requests: RecordedRequest[] = [];
  const failures: { status: number; options: InjectedFailureOptions }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  let cancelledStreams = 0;

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => (inFlight -= 1));
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const { authorization, ...headers } = request.headers;
    const token = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const authorized = token !== undefined && (options.apiKey === undefined || token === options.apiKey);
    requests.push({ method: request.method ?? 'GET', path, headers: flatten(headers), authorized, body });
    if (options.latencyMs) await sleep(options.latencyMs);

    if (options.apiKey !== undefined && !authorized) {
      return sendError(response, 401, 'Incorrect API key provided.', { code: 'invalid_api_key' });
    }
    const failure = failures.shift();
    if (failure) return sendError(response, failure.status, failure.options.message, failure.options);
    if (request.method === 'POST' && path === '/v1/embeddings') return embeddings(body, response);
    if (request.method === 'POST' && path === '/v1/chat/completions') return chatCompletion(body, response);
    sendError(response, 404, `No route ${request.method} ${path} in the OpenAI-compatible test server.`);
  }

  async function embeddings(body: unknown, response: ServerResponse): Promise<void> {
    const { model, input, dimensions } = (body ?? {}) as { model?: unknown; input?: unknown; dimensions?: unknown };
    const texts = typeof input === 'string' ? [input] : input;
    if (typeof model !== 'string' || !Array.isArray(texts) || !texts.every((text) => typeof text === 'string')) {
      return sendError(response, 400, 'The body needs "model" and "input" (a string or an array of strings).');
    }
    const length =
      (typeof dimensions === 'number' ? dimensions : undefined) ??
      options.dimensions ??
      OPENAI_EMBEDDING_DIMENSIONS[model] ??
      384;
    const vectors = await createLocalEmbedder({ dimensions: length }).embed(texts);
    const data = vectors.map((embedding, index) => ({ object: 'embedding', index, embedding }));
    if (options.reverseOrder) data.reverse();
    const tokens = texts.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    sendJson(response, 200, { object: 'list', data, model, usage: { prompt_tokens: tokens, total_tokens: tokens } });
  }

  async function chatCompletion(body: unknown, response: ServerResponse): Promise<void> {
    const { model, messages, stream, stream_options } = (body ?? {}) as {
      model?: unknown;
      messages?: unknown;
      stream?: unknown;
      stream_options?: { include_usage?: unknown };
    };
    if (typeof model !== 'string' || !Array.isArray(messages)) {
      return sendError(response, 400, 'The body needs "model" and "messages".');
    }
    const question = lastUserMessage(messages);
    const answer = options.answer?.(question) ?? `Answer to: ${question}`;
    const base = { id: 'chatcmpl-test', created: 0, model };
    // Token counts, made up but checkable: one per character of the question and of the answer.
    const usage = {
      prompt_tokens: question.length,
      completion_tokens: answer.length,
      total_tokens: question.length + answer.length,
    };
    if (stream !== true) {
      const message = { role: 'assistant', content: answer };
      return sendJson(response, 200, {
        ...base,
        object: 'chat.completion',
        choices: [{ index: 0, message, finish_reason: 'stop' }],
        usage,
      });
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: object, finishReason: string | null) => {
      const choices = [{ index: 0, delta, finish_reason: finishReason }];
      return `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices })}\n\n`;
    };
    let hungUp = false;
    response.on('close', () => (hungUp = !response.writableEnded));
    response.write(chunk({ role: 'assistant', content: '' }, null));
    for (const piece of answer.match(/\S+\s*|\s+/g) ?? []) {
      if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
      if (hungUp) {
        cancelledStreams += 1;
        return;
      }
      response.write(chunk({ content: piece }, null));
    }
    response.write(chunk({}, 'stop'));
    // As OpenAI does with stream_options.include_usage: a last chunk with no choices and the usage.
    if (stream_options?.include_usage === true) {
      response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
    }
    response.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get maxInFlight() {
      return maxInFlight;
    },
    get cancelledStreams() {
      return cancelledStreams;
    },
    failNext(count, status, failureOptions = {}) {
      for (let index = 0; index < count; index++) failures.push({ status, options: failureOptions });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function lastUserMessage(messages: unknown[]): string {
  const user = messages.findLast(
    (message): message is { content: unknown } =>
      typeof message === 'object' && message !== null && (message as { role?: unknown }).role === 'user',
  );
  const content = user?.content;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  // Content parts: [{ type: 'text', text }, …].
  return (content as unknown[])
    .map((part) => (typeof part === 'object' && part !== null && 'text' in part ? String(part.text) : ''))
    .join('');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

function flatten(headers: IncomingMessage['headers']): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

function sendError(
  response: ServerResponse,
  status: number,
  message = `Injected failure: HTTP ${status}.`,
  failure: InjectedFailureOptions = {},
): void {
  const headers: Record<string, string> =
    failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) };
  const error = { message, type: status >= 500 ? 'server_error' : 'invalid_request_error', code: failure.code ?? null };
  sendJson(response, status, { error }, headers);
}
