import protobuf from 'protobufjs';
import type { AttributeValue, ReceivedSpan } from './otlp-receiver.js';

/** Decoding of OTLP/HTTP trace exports for the test receiver: protobuf by a hand-written schema, and JSON. */

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

/** A protobuf ExportTraceServiceRequest as a plain object, in the shape the JSON encoding has too. */
export function decodeExport(body: Uint8Array): unknown {
  return ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body));
}

export function toSpans(request: WireRequest): ReceivedSpan[] {
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
