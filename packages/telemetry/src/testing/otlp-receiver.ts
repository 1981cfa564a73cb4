import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { decodeExport, toSpans } from './otlp-decode.js';

const gunzipAsync = promisify(gunzip);

/**
 * An attribute value as OTLP carries it: int64 as a number, an ArrayValue as an array, a
 * KeyValueList as a record and bytes as hex.
 */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };

/** One span as the receiver got it. */
export interface ReceivedSpan {
  /** Lower-case hex, 32 characters. */
  traceId: string;
  /** Lower-case hex, 16 characters. */
  spanId: string;
  /** Lower-case hex, or '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind number (1 internal, 2 server, 3 client, 4 producer, 5 consumer). */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  /** OTLP status code (0 unset, 1 ok, 2 error) and message. */
  status: { code: number; message: string };
  /** Attributes of the resource the span came with. */
  resource: Record<string, AttributeValue>;
  /** Instrumentation scope name. */
  scope: string;
}

/** One span annotation posted to Phoenix's REST API (`POST /v1/span_annotations`), as sent. */
export interface ReceivedAnnotation {
  span_id: string;
  name: string;
  annotator_kind: string;
  result: { label?: string; score?: number; explanation?: string | null };
  metadata?: Record<string, unknown>;
  identifier?: string;
  /** The request's Authorization header, if any. */
  authorization: string | null;
}

/**
 * An OTLP/HTTP trace collector inside the test process. It also takes span annotations at
 * `POST /v1/span_annotations` as Phoenix's REST API does (a double of that one endpoint).
 */
export interface OtlpReceiver {
  /** Base URL, e.g. http://127.0.0.1:43123; exporters post to `${url}/v1/traces`. */
  url: string;
  /** Every span received so far, in arrival order. */
  spans(): ReceivedSpan[];
  /**
   * Resolves with every span received so far once `predicate` holds for them; rejects after
   * `timeoutMs` (default 5000) with the names of the spans that did arrive.
   */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Export requests decoded so far (rejected ones are not counted). */
  requests(): number;
  /** Span annotations received so far, in arrival order. */
  annotations(): ReceivedAnnotation[];
  /** Forgets the spans and requests received so far. */
  clear(): void;
  /** Closes the server and its connections. */
  stop(): Promise<void>;
}

/** Why a request is refused: the status and a short text. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Starts an OTLP/HTTP trace receiver (protobuf or JSON, gzip or not) on 127.0.0.1 at a free port. */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const annotations: ReceivedAnnotation[] = [];
  let requests = 0;
  const waiters = new Set<() => void>();

  const server = createServer((request, response) => {
    if (request.url?.split('?')[0] === '/v1/span_annotations' && request.method === 'POST') {
      readBody(request)
        .then((body) => {
          const { data } = JSON.parse(body.toString('utf8')) as { data: Omit<ReceivedAnnotation, 'authorization'>[] };
          const authorization = request.headers.authorization ?? null;
          annotations.push(...data.map((annotation) => ({ ...annotation, authorization })));
          const ids = data.map((_, index) => ({ id: String(annotations.length - data.length + index + 1) }));
          reply(response, 200, 'application/json', JSON.stringify({ data: ids }));
        })
        .catch((error: unknown) => reply(response, 422, 'text/plain', `Bad annotation: ${messageOf(error)}`));
      return;
    }
    handle(request)
      .then((spans) => {
        requests++;
        received.push(...spans);
        for (const check of [...waiters]) check();
        if (isJson(request)) reply(response, 200, 'application/json', '{}');
        else reply(response, 200, 'application/x-protobuf', '');
      })
      .catch((error: unknown) => {
        if (error instanceof Refusal) reply(response, error.status, 'text/plain', error.message);
        else reply(response, 400, 'text/plain', `Could not decode the export: ${messageOf(error)}`);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    requests: () => requests,
    annotations: () => [...annotations],
    clear: () => {
      received.length = 0;
      annotations.length = 0;
      requests = 0;
    },
    waitFor: (predicate, timeoutMs = 5000) =>
      new Promise<ReceivedSpan[]>((resolve, reject) => {
        const check = (): void => {
          try {
            const spans = [...received];
            if (!predicate(spans)) return;
            settle();
            resolve(spans);
          } catch (error) {
            settle();
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        };
        const timer = setTimeout(() => {
          settle();
          const names = received.map((span) => span.name).join(', ') || 'none';
          reject(new Error(`The awaited spans did not arrive within ${timeoutMs} ms; received: ${names}.`));
        }, timeoutMs);
        const settle = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Reads and decodes one export request, or throws a {@link Refusal}. */
async function handle(request: IncomingMessage): Promise<ReceivedSpan[]> {
  if (request.url?.split('?')[0] !== '/v1/traces') throw new Refusal(404, 'Only /v1/traces is served here.');
  if (request.method !== 'POST') throw new Refusal(405, 'Export traces with POST.');
  const contentType = mediaType(request);
  if (contentType !== 'application/x-protobuf' && contentType !== 'application/json') {
    throw new Refusal(415, `Unsupported content type ${contentType || '(none)'}.`);
  }
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding !== 'gzip' && encoding !== 'identity') throw new Refusal(415, `Unsupported encoding ${encoding}.`);

  let body = await readBody(request);
  if (encoding === 'gzip') body = await gunzipAsync(body);
  const decoded: unknown = contentType === 'application/json' ? JSON.parse(body.toString('utf8')) : decodeExport(body);
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new Refusal(400, 'The body is not an ExportTraceServiceRequest.');
  }
  return toSpans(decoded);
}

function mediaType(request: IncomingMessage): string {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function isJson(request: IncomingMessage): boolean {
  return mediaType(request) === 'application/json';
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on('data', (part: Buffer) => parts.push(part));
    request.on('end', () => resolve(Buffer.concat(parts)));
    request.on('error', reject);
  });
}

function reply(response: ServerResponse, status: number, contentType: string, body: string): void {
  if (response.headersSent) return;
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) }).end(body);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
