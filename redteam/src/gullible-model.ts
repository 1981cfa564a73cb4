import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gullibleReply, type ChatMessage, type ModelBehaviour } from './gullible-reasoning.js';

/** A running {@link startGullibleModel}. */
export interface GullibleModel {
  /** Base URL including `/v1`, for `providers.openai.baseUrl`. */
  readonly baseUrl: string;
  /** Every system message received: what a leak of the system prompt would repeat. */
  readonly systemPrompts: ReadonlySet<string>;
  /** Chat completion calls received. */
  readonly calls: number;
  /** Calls that set neither `max_tokens` nor `max_completion_tokens`. */
  readonly callsWithoutTokenLimit: number;
  /** Most calls in flight at once. */
  readonly maxInFlight: number;
  /** Every call (up to 5,000) and what the model did with it, for `--trace`. */
  readonly transcript: readonly { messages: ChatMessage[]; maxTokens: number | null; behaviour: ModelBehaviour }[];
  close(): Promise<void>;
}

/**
 * Starts the gullible model on 127.0.0.1 (a free port): `POST /v1/chat/completions`, plain or
 * streamed (`stream: true`, one word per chunk, `data: [DONE]` at the end), answering as
 * {@link gullibleReply} decides. A double of an OpenAI-compatible server playing the most
 * obedient model there could be; no real model runs here.
 */
export async function startGullibleModel(): Promise<GullibleModel> {
  const systemPrompts = new Set<string>();
  const transcript: GullibleModel['transcript'][number][] = [];
  let calls = 0;
  let callsWithoutTokenLimit = 0;
  let inFlight = 0;
  let maxInFlight = 0;

  const server = createServer((request, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => (inFlight -= 1));
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: 'server_error' } });
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = (await readJson(request)) as {
      model?: unknown;
      messages?: unknown;
      stream?: unknown;
      max_tokens?: unknown;
      max_completion_tokens?: unknown;
    };
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(response, 404, {
        error: { message: `No route ${request.method} ${path}.`, type: 'invalid_request_error' },
      });
    }
    if (typeof body?.model !== 'string' || !Array.isArray(body.messages)) {
      return sendJson(response, 400, {
        error: { message: 'The body needs "model" and "messages".', type: 'invalid_request_error' },
      });
    }
    calls += 1;
    const messages = (body.messages as unknown[]).map(toMessage);
    for (const message of messages) if (message.role === 'system') systemPrompts.add(message.content);
    const limit = [body.max_tokens, body.max_completion_tokens].find(
      (value): value is number => typeof value === 'number',
    );
    if (limit === undefined) callsWithoutTokenLimit += 1;
    const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? null;
    const behaviour = gullibleReply({ messages, maxTokens: limit ?? null, apiKey });
    if (transcript.length < 5000) transcript.push({ messages, maxTokens: limit ?? null, behaviour });
    await respond(response, body.model, body.stream === true, behaviour);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    systemPrompts,
    transcript,
    get calls() {
      return calls;
    },
    get callsWithoutTokenLimit() {
      return callsWithoutTokenLimit;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function respond(
  response: ServerResponse,
  model: string,
  stream: boolean,
  behaviour: ModelBehaviour,
): Promise<void> {
  if (behaviour.kind === 'fail') {
    return sendJson(response, behaviour.status, {
      error: { message: behaviour.message, type: 'invalid_request_error', code: 'invalid_api_key' },
    });
  }
  const gone = new AbortController();
  response.on('close', () => gone.abort());
  if (behaviour.kind === 'slow')
    await sleep(behaviour.delayMs, undefined, { signal: gone.signal }).catch(() => undefined);
  // An endless answer without streaming never comes: the call hangs until the client gives up.
  if (behaviour.kind === 'endless' && !stream)
    await sleep(60_000, undefined, { signal: gone.signal }).catch(() => undefined);
  if (gone.signal.aborted || response.writableEnded) return;
  const text = behaviour.kind === 'endless' ? '' : behaviour.text;
  if (!stream && behaviour.kind === 'endless')
    return sendJson(response, 504, { error: { message: 'No answer.', type: 'server_error' } });
  const base = { id: 'chatcmpl-gullible', created: 0, model };
  const usage = {
    prompt_tokens: 1,
    completion_tokens: text.split(/\s+/).length,
    total_tokens: 1 + text.split(/\s+/).length,
  };
  if (!stream) {
    return sendJson(response, 200, {
      ...base,
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage,
    });
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const chunk = (delta: object, finishReason: string | null) =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  response.write(chunk({ role: 'assistant', content: '' }, null));
  if (behaviour.kind === 'endless') {
    // One word every 50 ms until the client hangs up (or a minute passes).
    for (let index = 0; index < 1200 && !gone.signal.aborted; index++) {
      response.write(chunk({ content: 'more ' }, null));
      await sleep(50);
    }
  } else {
    for (const piece of text.match(/\S+\s*|\s+/g) ?? []) response.write(chunk({ content: piece }, null));
  }
  if (gone.signal.aborted) return;
  response.write(chunk({}, 'stop'));
  response.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
  response.end('data: [DONE]\n\n');
}

function toMessage(message: unknown): ChatMessage {
  const { role, content } = (message ?? {}) as { role?: unknown; content?: unknown };
  const text = Array.isArray(content)
    ? content
        .map((part: unknown) =>
          typeof part === 'object' && part !== null && 'text' in part && typeof part.text === 'string' ? part.text : '',
        )
        .join('')
    : typeof content === 'string'
      ? content
      : '';
  return { role: typeof role === 'string' ? role : 'user', content: text };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
