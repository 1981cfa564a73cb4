import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/** An attribute value as OTLP carries it. */
export type AttributeValue = string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue };

/** One span as a collector received it. */
export interface ReceivedSpan {
  /** Lower-case hex, 32 characters. */
  traceId: string;
  /** Lower-case hex, 16 characters. */
  spanId: string;
  /** Hex, or '' for a root span. */
  parentSpanId: string;
  name: string;
  /** OTLP SpanKind number. */
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  status: { code: number; message: string };
  /** Attributes of the resource the span came with. */
  resource: Record<string, AttributeValue>;
  /** Instrumentation scope name. */
  scope: string;
}

/** An OTLP/HTTP trace collector in this process, for tests. */
export interface OtlpReceiver {
  /** Base URL; exporters post to `${url}/v1/traces`. */
  url: string;
  spans(): ReceivedSpan[];
  /** Resolves with every span received once `predicate` holds; rejects after `timeoutMs` (default 5000) naming what came. */
  waitFor(predicate: (spans: ReceivedSpan[]) => boolean, timeoutMs?: number): Promise<ReceivedSpan[]>;
  /** Export requests received so far. */
  requests(): number;
  clear(): void;
  stop(): Promise<void>;
}

// The messages of OTLP's trace export (opentelemetry-proto: collector/trace/v1, trace/v1,
// common/v1, resource/v1) that a test reads; fields left out are skipped when decoding.
const SCHEMA = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message Resource { repeated KeyValue attributes = 1; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message InstrumentationScope { string name = 1; string version = 2; }
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
  message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; }
}
message Status { string message = 2; int32 code = 3; }
message KeyValue { string key = 1; AnyValue value = 2; }
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
const ExportRequest = protobuf.parse(SCHEMA).root.lookupType('otlp.ExportTraceServiceRequest');

/** The decoded request, protobuf or JSON alike: camelCase keys, int64 as strings, ids as bytes or hex. */
interface WireRequest {
  resourceSpans?: {
    resource?: { attributes?: WireKeyValue[] };
    scopeSpans?: { scope?: { name?: string }; spans?: WireSpan[] }[];
  }[];
}
interface WireSpan {
  traceId?: Uint8Array | string;
  spanId?: Uint8Array | string;
  parentSpanId?: Uint8Array | string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
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
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: WireAnyValue[] };
  kvlistValue?: { values?: WireKeyValue[] };
  bytesValue?: Uint8Array | string;
}

export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer((request, response) => {
    void handle(request, response).catch((error: unknown) => reply(response, 400, 'text/plain', describe(error)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/traces') {
      reply(response, 404, 'text/plain', 'Only POST /v1/traces is served here.');
      return;
    }
    const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim();
    let body = await readBody(request);
    if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
    let decoded: WireRequest;
    if (contentType === 'application/x-protobuf') {
      decoded = ExportRequest.toObject(ExportRequest.decode(body), { longs: String });
    } else if (contentType === 'application/json') {
      decoded = JSON.parse(body.toString('utf8')) as WireRequest;
    } else {
      reply(response, 415, 'text/plain', `Unsupported content type ${contentType || '(none)'}.`);
      return;
    }
    requests++;
    received.push(...toSpans(decoded));
    if (contentType === 'application/json') reply(response, 200, 'application/json', '{}');
    else reply(response, 200, 'application/x-protobuf', '');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    requests: () => requests,
    clear: () => {
      received.length = 0;
    },
    async waitFor(predicate, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(received)) {
        if (Date.now() > deadline) {
          const names = received.map((span) => span.name).join(', ') || 'none';
          throw new Error(`The awaited spans did not arrive within ${timeoutMs} ms; received: ${names}.`);
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return [...received];
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
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
        startTimeUnixNano: BigInt(span.startTimeUnixNano ?? 0),
        endTimeUnixNano: BigInt(span.endTimeUnixNano ?? 0),
        attributes: attributesOf(span.attributes),
        events: (span.events ?? []).map((event) => ({
          name: event.name ?? '',
          attributes: attributesOf(event.attributes),
        })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        resource,
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

function valueOf(value: WireAnyValue): AttributeValue | undefined {
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf).filter((item) => item !== undefined);
  if (value.kvlistValue) return attributesOf(value.kvlistValue.values);
  if (value.bytesValue !== undefined) return hex(value.bytesValue);
  return undefined;
}

/** Ids arrive as bytes in protobuf and as hex strings in OTLP/JSON. */
function hex(id: Uint8Array | string | undefined): string {
  if (id === undefined) return '';
  return typeof id === 'string' ? id.toLowerCase() : Buffer.from(id).toString('hex');
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
  response.writeHead(status, { 'content-type': contentType }).end(body);
}

function describe(error: unknown): string {
  return `Could not decode the export: ${error instanceof Error ? error.message : String(error)}`;
}
