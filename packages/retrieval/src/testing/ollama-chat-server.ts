import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link startOllamaChatServer}. */
export interface OllamaChatServerOptions {
  /** Models the server has pulled; a request for another gets Ollama's 404. Default `['llama3.2']`. */
  models?: readonly string[];
  /** The answer to the last user message. Default `Answer to: <message>`. */
  answer?: (question: string) => string;
  /** Milliseconds before the response starts (a model loading), so a deadline can pass first. Default 0. */
  latencyMs?: number;
  /** Milliseconds between streamed pieces, so a client can abort mid-stream. Default 0. */
  tokenDelayMs?: number;
}

/** One `POST /api/chat` the server received. */
export interface OllamaChatRequest {
  /** Parsed JSON body: `model`, `messages`, `stream`, `options` (`num_predict`, `temperature`, …). */
  body: {
    model?: string;
    messages?: { role: string; content: string }[];
    stream?: boolean;
    options?: Record<string, unknown>;
  };
}

/** A running {@link startOllamaChatServer}. */
export interface OllamaChatServer {
  /** The server's root, e.g. `http://127.0.0.1:40123`: pass it as `providers.ollama.baseUrl`. */
  readonly baseUrl: string;
  readonly requests: OllamaChatRequest[];
  /** Responses whose client hung up before the last line: the upstream request was cancelled. */
  readonly cancelledStreams: number;
  /** Responses finished (last line sent). */
  readonly completedStreams: number;
  /** The next `count` requests fail with `status` and Ollama's `{"error": message}` body. */
  failNext(count: number, status: number, message: string): void;
  close(): Promise<void>;
}

/**
 * Starts a local HTTP server (127.0.0.1, a free port) that speaks Ollama's native chat API as
 * LangChain's `ChatOllama` uses it: `POST /api/chat`, answered as an NDJSON stream
 * (`application/x-ndjson`), one `{"message":{"role":"assistant","content":…},"done":false}` line
 * per piece and a last `"done":true` line with the token counts (`prompt_eval_count`, `eval_count`).
 *
 * A test double: Ollama itself does not run in tests. It checks only what ragship relies on.
 */
export async function startOllamaChatServer(options: OllamaChatServerOptions = {}): Promise<OllamaChatServer> {
  const models = options.models ?? ['llama3.2'];
  const requests: OllamaChatRequest[] = [];
  const failures: { status: number; message: string }[] = [];
  let cancelledStreams = 0;
  let completedStreams = 0;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let hungUp = false;
    response.on('close', () => (hungUp = !response.writableEnded));
    const body = (await readJson(request)) as OllamaChatRequest['body'];
    if (request.method !== 'POST' || request.url !== '/api/chat') {
      return sendJson(response, 404, { error: `no route ${request.method} ${request.url} in the Ollama test server` });
    }
    requests.push({ body });
    const failure = failures.shift();
    if (failure) return sendJson(response, failure.status, { error: failure.message });
    const model = body.model ?? '';
    if (!models.some((name) => name === model || `${name}:latest` === model)) {
      return sendJson(response, 404, { error: `model "${model}" not found, try pulling it first` });
    }
    const question = body.messages?.findLast((message) => message.role === 'user')?.content ?? '';
    const answer = options.answer?.(question) ?? `Answer to: ${question}`;
    if (options.latencyMs) await sleep(options.latencyMs);
    if (hungUp) return void (cancelledStreams += 1);
    response.writeHead(200, { 'content-type': 'application/x-ndjson' });
    const line = (content: string, done: object | false) =>
      JSON.stringify({
        model,
        created_at: new Date(0).toISOString(),
        message: { role: 'assistant', content },
        done: done !== false,
        ...(done === false ? {} : done),
      }) + '\n';
    for (const piece of answer.match(/\S+\s*|\s+/g) ?? []) {
      if (options.tokenDelayMs) await sleep(options.tokenDelayMs);
      if (hungUp) return void (cancelledStreams += 1);
      response.write(line(piece, false));
    }
    // Made-up but checkable token counts: one per character of the question and of the answer.
    const counts = { done_reason: 'stop', prompt_eval_count: question.length, eval_count: answer.length };
    response.end(line('', counts));
    completedStreams += 1;
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: String(error) });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    get cancelledStreams() {
      return cancelledStreams;
    },
    get completedStreams() {
      return completedStreams;
    },
    failNext(count, status, message) {
      for (let index = 0; index < count; index++) failures.push({ status, message });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return {};
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
