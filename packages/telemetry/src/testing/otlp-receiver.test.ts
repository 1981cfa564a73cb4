import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.js';

let receiver: OtlpReceiver;
beforeEach(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => receiver.stop());

const post = (contentType: string, body: string | Uint8Array) =>
  fetch(`${receiver.url}/v1/traces`, { method: 'POST', headers: { 'content-type': contentType }, body });

describe('OTLP receiver (test collector)', () => {
  it('when an OTLP/JSON export arrives, then its spans are decoded with hex ids, typed attributes and the resource', async () => {
    const response = await post(
      'application/json',
      JSON.stringify({
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
                    name: 'chat',
                    kind: 1,
                    startTimeUnixNano: '1544712660000000000',
                    endTimeUnixNano: '1544712661000000000',
                    attributes: [
                      { key: 'n', value: { intValue: '3' } },
                      { key: 'ok', value: { boolValue: true } },
                      { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { doubleValue: 0.5 }] } } },
                    ],
                    status: { code: 2, message: 'failed' },
                  },
                ],
              },
            ],
          },
        ],
      }),
    );
    expect(response.status).toBe(200);
    const [span] = await receiver.waitFor((spans) => spans.length === 1);
    expect(span).toMatchObject({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: '',
      name: 'chat',
      attributes: { n: 3, ok: true, tags: ['a', 0.5] },
      status: { code: 2, message: 'failed' },
      resource: { 'openinference.project.name': 'p' },
      scope: 'ragship',
    });
    expect(span!.endTimeUnixNano - span!.startTimeUnixNano).toBe(1_000_000_000n);
  });

  it('when the body is not a valid export or the route is wrong, then it answers 4xx and keeps receiving', async () => {
    expect((await post('application/x-protobuf', new Uint8Array([0x0a, 0xff, 0xff, 0xff]))).status).toBe(400);
    expect((await post('text/plain', 'hello')).status).toBe(415);
    expect((await fetch(`${receiver.url}/v1/metrics`, { method: 'POST' })).status).toBe(404);
    expect((await post('application/json', '{"resourceSpans":[]}')).status).toBe(200);
    expect(receiver.requests()).toBe(1);
  });
});
