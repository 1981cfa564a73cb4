import { gzipSync } from 'node:zlib';
import { register } from '@arizeai/phoenix-otel';
import { SpanKind, SpanStatusCode, context, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => receiver.stop());

const post = (contentType: string, body: string | Uint8Array, headers: Record<string, string> = {}) =>
  fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });

/** A small hand-written OTLP/JSON export: one span with hex ids and typed attributes. */
const JSON_EXPORT = JSON.stringify({
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'openinference.project.name', value: { stringValue: 'p' } }] },
      scopeSpans: [
        {
          scope: { name: 'ragship' },
          spans: [
            {
              traceId: '5B8EFFF798038103D269B633813FC60C',
              spanId: 'EEE19B7EC3C1B174',
              parentSpanId: '',
              name: 'chat',
              kind: 2,
              startTimeUnixNano: '1544712660000000001',
              endTimeUnixNano: '1544712661000000001',
              attributes: [
                { key: 'n', value: { intValue: '3' } },
                { key: 'ok', value: { boolValue: true } },
                { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 0.5 }] } } },
                { key: 'nested', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
              ],
              events: [{ timeUnixNano: '1544712660500000000', name: 'hit', attributes: [] }],
              status: { code: 2, message: 'failed' },
            },
          ],
        },
      ],
    },
  ],
});

describe('OTLP receiver (test collector)', () => {
  it('when phoenix-otel exports a parent and a child span, then both arrive decoded with ids, typed attributes, event, status and resource', async () => {
    const provider = register({
      projectName: 'receiver-test',
      url: `${receiver.url}/v1/traces`,
      batch: false,
      global: false,
    });
    try {
      const tracer = provider.getTracer('t');
      const parent = tracer.startSpan('parent', { startTime: [1_700_000_000, 123_456_789] });
      const child = tracer.startSpan('child', { kind: SpanKind.CLIENT }, trace.setSpan(context.active(), parent));
      child.setAttributes({ text: 'hello', count: 42, score: 0.25, cached: false, tags: ['a', 'b'] });
      child.addEvent('retrieved', { hits: 3, source: 'lexical' });
      child.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream failed' });
      child.end();
      parent.setAttribute('ragship.kb', 'docs');
      parent.end([1_700_000_001, 987_654_321]);
      await provider.forceFlush();

      const spans = await receiver.waitFor((received) => received.length >= 2);
      const byName = (name: string): ReceivedSpan => spans.find((span) => span.name === name)!;
      const [root, leaf] = [byName('parent'), byName('child')];

      expect(root.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(root.spanId).toMatch(/^[0-9a-f]{16}$/);
      expect(root.parentSpanId).toBe('');
      expect(leaf.traceId).toBe(root.traceId);
      expect(leaf.parentSpanId).toBe(root.spanId);
      expect(leaf.spanId).not.toBe(root.spanId);
      expect(leaf.traceId).toBe(child.spanContext().traceId);
      expect(leaf.spanId).toBe(child.spanContext().spanId);

      // fixed64 nanoseconds arrive exactly (beyond Number's 2^53).
      expect(root.startTimeUnixNano).toBe(1_700_000_000_123_456_789n);
      expect(root.endTimeUnixNano).toBe(1_700_000_001_987_654_321n);
      expect(leaf.endTimeUnixNano).toBeGreaterThanOrEqual(leaf.startTimeUnixNano);

      // The API's SpanKind counts from INTERNAL = 0; OTLP's from UNSPECIFIED = 0.
      expect(root.kind).toBe(1);
      expect(leaf.kind).toBe(3);

      expect(leaf.attributes).toMatchObject({ text: 'hello', count: 42, score: 0.25, cached: false, tags: ['a', 'b'] });
      expect(typeof leaf.attributes['count']).toBe('number');
      expect(typeof leaf.attributes['cached']).toBe('boolean');
      expect(root.attributes['ragship.kb']).toBe('docs');
      expect(leaf.events).toEqual([{ name: 'retrieved', attributes: { hits: 3, source: 'lexical' } }]);
      expect(leaf.status).toEqual({ code: 2, message: 'upstream failed' });
      expect(root.status.code).toBe(0);

      for (const span of [root, leaf]) {
        expect(span.resource['openinference.project.name']).toBe('receiver-test');
        expect(span.scope).toBe('t');
      }
      expect(receiver.requests()).toBeGreaterThanOrEqual(1);
    } finally {
      await provider.shutdown();
    }
  });

  it('when an OTLP/JSON export arrives, then its spans are decoded with lower-case hex ids and typed attributes', async () => {
    const response = await post('application/json', JSON_EXPORT);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{}');

    const [span] = await receiver.waitFor((spans) => spans.length === 1);
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: '',
      name: 'chat',
      kind: 2,
      startTimeUnixNano: 1_544_712_660_000_000_001n,
      endTimeUnixNano: 1_544_712_661_000_000_001n,
      attributes: { n: 3, ok: true, tags: ['a', 0.5], nested: { k: 'v' } },
      events: [{ name: 'hit', attributes: {} }],
      status: { code: 2, message: 'failed' },
      resource: { 'openinference.project.name': 'p' },
      scope: 'ragship',
    });
  });

  it('when the export is gzip-encoded, then it is decoded the same', async () => {
    const response = await post('application/json', gzipSync(JSON_EXPORT), { 'content-encoding': 'gzip' });
    expect(response.status).toBe(200);
    expect(receiver.spans().map((span) => span.name)).toEqual(['chat']);
  });

  it('when a protobuf export is empty, then it answers 200 with an empty protobuf response', async () => {
    const response = await post('application/x-protobuf', new Uint8Array());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect((await response.arrayBuffer()).byteLength).toBe(0);
    expect(receiver.requests()).toBe(1);
  });

  it('when the body is not a valid export or the route is wrong, then it answers 4xx and keeps receiving', async () => {
    expect((await post('application/x-protobuf', new Uint8Array([0x0a, 0xff, 0xff, 0xff]))).status).toBe(400);
    expect((await post('application/json', '{"resourceSpans": [')).status).toBe(400);
    expect((await post('application/json', 'null')).status).toBe(400);
    expect((await post('application/x-protobuf', 'not gzip', { 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await post('text/plain', 'hello')).status).toBe(415);
    expect((await fetch(`${receiver.url}/v1/metrics`, { method: 'POST' })).status).toBe(404);
    expect(receiver.requests()).toBe(0);

    expect((await post('application/json', JSON_EXPORT)).status).toBe(200);
    expect(receiver.requests()).toBe(1);
    expect(receiver.spans()).toHaveLength(1);
  });

  it('when the awaited spans never come, then waitFor rejects naming the spans that did', async () => {
    await post('application/json', JSON_EXPORT);
    await expect(receiver.waitFor((spans) => spans.some((span) => span.name === 'missing'), 100)).rejects.toThrow(
      'within 100 ms; received: chat.',
    );
  });

  it('when cleared, then the spans and request count start over', async () => {
    await post('application/json', JSON_EXPORT);
    receiver.clear();
    expect(receiver.spans()).toEqual([]);
    expect(receiver.requests()).toBe(0);
  });
});
