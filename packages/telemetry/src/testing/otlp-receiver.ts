import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import protobuf from 'protobufjs';

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

// The part of OTLP's trace export a test reads, with the field numbers of opentelemetry-proto
// (collector/trace/v1/trace_service.proto, trace/v1/trace.proto, common/v1/common.proto,
// resource/v1/resource.proto). Fields left out are skipped when decoding. SpanKind and
// StatusCode are enums there; int32 has the same wire form.
const SCHEMA = `
syntax = "proto3";
package otlp;

message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans {
  Resource resource = 1;
  repeated ScopeSpans scope_spans = 2;
}
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans {
  InstrumentationScope scope = 1;
  repeated Span spans = 2;
}
message InstrumentationScope {
  string name = 1;
  string version = 2;
}
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  bytes parent_span_id = 4;
  string name = 5;
  int32 kind = 6;
  fixed64 start_time_unix_nano = 7;
  fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9;
  repeated Event events = 11;
  Status status = 15;

  message Event {
    fixed64 time_unix_nano = 1;
    string name = 2;
    repeated KeyValue attributes = 3;
  }
}
message Status {
  string message = 2;
  int32 code = 3;
}
message KeyValue {
  string key = 1;
  AnyValue value = 2;
}
message AnyValue {
  oneof value {
    string string_value = 1;
    bool bool_value = 2;
    int64 int_value = 3;
    double double_value = 4;
    ArrayValue array_value = 5;
    KeyValueList kvlist_value = 6;
    bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
`;

const ExportTraceServiceRequest = protobuf.parse(SCHEMA).root.lookupType('otlp.ExportTraceServiceRequest');

/**
 * A request as decoded from either encoding, camelCase keys alike. Protobuf gives ids as bytes
 * and 64-bit integers as protobufjs Longs; OTLP/JSON gives hex ids and integers as strings or numbers.
 */
interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: WireSpan[] }[];
  }[];
}
type WireId = Uint8Array | string;
/** A protobufjs (long.js) Long, whose toString gives the exact decimal value. */
interface Long extends protobuf.Long {
  toString(): string;
}
/** A 64-bit integer: a Long from protobuf, a string or a number from OTLP/JSON. */
type WireInt64 = Long | string | number;
interface WireSpan {
  traceId?: WireId;
  spanId?: WireId;
  parentSpanId?: WireId;
  name?: string;
  kind?: number;
  startTimeUnixNano?: WireInt64;
  endTimeUnixNano?: WireInt64;
  attributes?: WireKeyValue[];
  events?: { name?: string; attributes?: WireKeyValue[] }[];
  status?: { code?: number; message?: string };
}
interface WireKeyValue {
  key: string;
  value?: WireAnyValue;
}
interface WireAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: WireInt64;
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: WireId;
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
  const decoded: unknown =
    contentType === 'application/json'
      ? JSON.parse(body.toString('utf8'))
      : ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body));
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw new Refusal(400, 'The body is not an ExportTraceServiceRequest.');
  }
  return toSpans(decoded);
}

function toSpans(request: WireRequest): ReceivedSpan[] {
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const resource = attributesOf(resourceSpans.resource?.attributes);
    return (resourceSpans.scopeSpans ?? []).flatMap((scopeSpans) =>
      (scopeSpans.spans ?? []).map((span) => ({
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        name: span.name ?? '',
        kind: span.kind ?? 0,
        startTimeUnixNano: int64(span.startTimeUnixNano),
        endTimeUnixNano: int64(span.endTimeUnixNano),
        attributes: attributesOf(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name ?? '',
          attributes: attributesOf(event.attributes),
        })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        resource: { ...resource },
        scope: scopeSpans.scope?.name ?? '',
      })),
    );
  });
}

function attributesOf(keyValues: readonly WireKeyValue[] | undefined): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const { key, value } of keyValues ?? []) {
    const converted = value ? valueOf(value) : undefined;
    if (converted !== undefined) attributes[key] = converted;
  }
  return attributes;
}

/** The value set in an AnyValue's oneof; undefined when none is (an empty value). */
function valueOf(value: WireAnyValue): AttributeValue | undefined {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(int64(value.intValue));
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.arrayValue) return (value.arrayValue.values ?? []).flatMap((item) => valueOf(item) ?? []);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return hex(value.bytesValue);
  return undefined;
}

/** A Long's own toString is exact (a Number of a nanosecond timestamp would not be). */
function int64(value: WireInt64 | undefined): bigint {
  return value === undefined ? 0n : BigInt(value.toString());
}

/** Ids arrive as bytes in protobuf and as hex strings in OTLP/JSON. */
function hex(id: WireId | undefined): string {
  if (id === undefined) return '';
  return typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');
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
