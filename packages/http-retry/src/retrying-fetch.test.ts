import { describe, expect, it } from 'vitest';
import { retryingFetch } from './retrying-fetch.js';

/** A fetch that answers from a script, one entry per call, and records the calls. */
function scripted(...answers: (Response | Error)[]) {
  const calls: string[] = [];
  const responses: Response[] = [];
  const base = (input: string) => {
    calls.push(input);
    const answer = answers[Math.min(calls.length, answers.length) - 1]!;
    if (answer instanceof Error) return Promise.reject(answer);
    const response = answer.clone();
    responses.push(response);
    return Promise.resolve(response);
  };
  return { base: base as unknown as typeof fetch, calls, responses };
}

const status = (code: number, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify({ error: `HTTP ${code}` }), { status: code, headers });
const connectionReset = () =>
  new TypeError('fetch failed', { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) });
const noWait = { random: () => 0.5, delay: () => Promise.resolve() };

describe('retryingFetch', () => {
  it('when the service answers 429, then 503, then 200, then the 200 comes back and the failed bodies were read', async () => {
    const server = scripted(status(429), status(503), new Response('ok'));

    const response = await retryingFetch(noWait, server.base)('https://pinecone.test/vectors/upsert');

    expect(await response.text()).toBe('ok');
    expect(server.calls).toHaveLength(3);
    expect(server.responses.slice(0, 2).map((failed) => failed.bodyUsed)).toEqual([true, true]);
  });

  it('when a 429 says Retry-After 2, then the client waits two seconds, else the backoff', async () => {
    const waits: number[] = [];
    const server = scripted(status(429, { 'retry-after': '2' }), status(500), new Response('ok'));

    await retryingFetch(
      { ...noWait, baseDelayMs: 250, delay: (ms) => (waits.push(ms), Promise.resolve()) },
      server.base,
    )('https://pinecone.test/query');

    // Equal jitter with random 0.5: three quarters of 500 ms for the second retry.
    expect(waits).toEqual([2000, 375]);
  });

  it('when the tries run out, then the last response comes back with its body for the client to report', async () => {
    const server = scripted(status(503));

    const response = await retryingFetch(
      { ...noWait, maxAttempts: 3 },
      server.base,
    )('https://pinecone.test/describe_index_stats');

    expect(server.calls).toHaveLength(3);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ error: 'HTTP 503' });
  });

  it('when the service answers 400 or 404, then nothing is retried', async () => {
    for (const code of [400, 404]) {
      const server = scripted(status(code));

      const response = await retryingFetch(noWait, server.base)('https://pinecone.test/indexes/x');

      expect(response.status).toBe(code);
      expect(server.calls).toHaveLength(1);
    }
  });

  it("when the connection drops, then the request is sent again; when it keeps dropping, then fetch's own error comes back", async () => {
    const recovering = scripted(connectionReset(), new Response('ok'));
    expect(await (await retryingFetch(noWait, recovering.base)('https://pinecone.test/a')).text()).toBe('ok');
    expect(recovering.calls).toHaveLength(2);

    const failing = scripted(connectionReset());
    await expect(retryingFetch({ ...noWait, maxAttempts: 2 }, failing.base)('https://pinecone.test/b')).rejects.toThrow(
      'fetch failed',
    );
    expect(failing.calls).toHaveLength(2);
  });

  it('when fetch fails for a reason other than the network, then it is not retried', async () => {
    const server = scripted(new RangeError('init.status out of range'));

    await expect(retryingFetch(noWait, server.base)('https://pinecone.test/c')).rejects.toThrow(RangeError);
    expect(server.calls).toHaveLength(1);
  });

  it("when the request's signal aborts during a backoff, then the fetch rejects at once with the abort reason", async () => {
    const server = scripted(status(503));
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('shutting down')), 20);

    await expect(
      retryingFetch({ baseDelayMs: 10_000 }, server.base)('https://pinecone.test/d', { signal: controller.signal }),
    ).rejects.toThrow('shutting down');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.calls).toHaveLength(1);
  });
});
