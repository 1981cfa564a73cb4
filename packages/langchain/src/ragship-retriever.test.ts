import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RagshipApiError } from './ragship-api-error.js';
import { RagshipRetriever, type RagshipRetrieverOptions } from './ragship-retriever.js';

// The ragship API here is a double on a real HTTP server: it answers what each test sets and
// records what it was sent. The integration test (ragship-retriever.int.test.ts) runs a real API.
interface Reply {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  delayMs?: number;
}
let server: Server;
let url: string;
let reply: Reply;
let received: { method: string; path: string; authorization: string | undefined; body: unknown }[];

const RETRIEVED = {
  results: [
    {
      chunkId: 'c-1',
      docId: 'rolling-back.md',
      source: 'file:///docs/rolling-back.md',
      title: 'Rolling back',
      text: 'Run ragship rollback docs --env prod.',
      score: 1,
      signals: { similarity: 0.8, bm25: 3.1, coverage: 1 },
    },
  ],
  belowFloor: false,
  kb: 'docs',
  indexVersion: 'v3',
  environment: 'prod',
};

beforeEach(async () => {
  received = [];
  reply = { body: RETRIEVED, headers: { 'x-index-version': 'docs@v3' } };
  server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      });
      setTimeout(() => {
        response.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
        response.end(typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
      }, reply.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const retriever = (options: Partial<RagshipRetrieverOptions> = {}) => new RagshipRetriever({ url, ...options });

describe('RagshipRetriever', () => {
  it('when invoked, then it posts the query and options to /v1/retrieve and returns documents naming kb@version', async () => {
    const documents = await retriever({
      url: `${url}/`,
      apiKey: 'reader-key-0123456789',
      kb: 'docs',
      k: 3,
      filter: { docId: ['rolling-back.md'] },
    }).invoke('How do I roll back?');

    expect(received).toEqual([
      {
        method: 'POST',
        path: '/v1/retrieve',
        authorization: 'Bearer reader-key-0123456789',
        body: { query: 'How do I roll back?', kb: 'docs', k: 3, filter: { docId: ['rolling-back.md'] } },
      },
    ]);
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      id: 'c-1',
      pageContent: 'Run ragship rollback docs --env prod.',
      metadata: {
        chunkId: 'c-1',
        docId: 'rolling-back.md',
        source: 'file:///docs/rolling-back.md',
        title: 'Rolling back',
        score: 1,
        kb: 'docs',
        version: 'v3',
        indexVersion: 'docs@v3',
        environment: 'prod',
      },
    });
  });

  it('when a version is pinned, then the body carries it, and an answer from another version is refused', async () => {
    expect((await retriever({ version: 'v3' }).invoke('q'))[0]?.metadata.indexVersion).toBe('docs@v3');
    expect(received[0]?.body).toEqual({ query: 'q', version: 'v3' });

    await expect(retriever({ version: 'v2' }).invoke('q')).rejects.toMatchObject({
      code: 'VERSION_MISMATCH',
      message: 'Asked the ragship API for docs@v2, it answered from docs@v3.',
    });
  });

  it('when the API serves another environment than asked for, then nothing is returned and the error names both', async () => {
    expect(await retriever({ environment: 'prod' }).invoke('q')).toHaveLength(1);
    await expect(retriever({ environment: 'staging' }).invoke('q')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      field: 'environment',
      message: `The ragship API at ${url} serves environment "prod", not "staging".`,
    });
  });

  it('when the API does not report its environment, then an environment check is refused, not assumed', async () => {
    reply.body = { ...RETRIEVED, environment: undefined };
    expect((await retriever().invoke('q'))[0]?.metadata.environment).toBe('unknown');
    await expect(retriever({ environment: 'prod' }).invoke('q')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: /does not say which environment it serves .* leave environment unset/,
    });
  });

  it('when the header is missing, then indexVersion is built from the body', async () => {
    reply.headers = {};
    expect((await retriever().invoke('q'))[0]?.metadata.indexVersion).toBe('docs@v3');
  });

  it.each([
    [401, 'UNAUTHORIZED', 'Missing or invalid API key.', {}],
    [404, 'KB_NOT_FOUND', 'Unknown kb "handbook".', {}],
    [429, 'RATE_LIMITED', 'Too many requests: slow down.', { 'retry-after': '7' }],
    [503, 'NOTHING_PROMOTED', 'No version of kb "docs" is promoted to environment "prod".', {}],
  ])('when the API answers %i, then the error carries its code and message', async (status, code, message, headers) => {
    reply = { status, headers, body: { error: { code, message, requestId: 'req-42' } } };
    const error = await retriever({ apiKey: 'reader-key-0123456789' })
      .invoke('q')
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(RagshipApiError);
    expect(error).toMatchObject({
      code: 'API_ERROR',
      status,
      apiCode: code,
      requestId: 'req-42',
      message: `ragship API answered ${status} ${code}: ${message}`,
      retryable: status === 429 || status === 503,
      retryAfterSeconds: status === 429 ? 7 : null,
    });
    expect(JSON.stringify(error) + String(error)).not.toContain('reader-key');
  });

  it('when the API does not answer in time or cannot be reached, then API_UNREACHABLE says which', async () => {
    reply.delayMs = 500;
    await expect(retriever({ timeoutMs: 50 }).invoke('q')).rejects.toMatchObject({
      code: 'API_UNREACHABLE',
      message: `Cannot reach the ragship API at ${url}: no answer within 50 ms.`,
    });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await expect(retriever().invoke('q')).rejects.toMatchObject({
      code: 'API_UNREACHABLE',
      message: new RegExp(`^Cannot reach the ragship API at ${url}: `),
    });
  });

  it('when the answer is not a retrieve answer, then the error says so', async () => {
    reply.body = '<html>proxy error</html>';
    await expect(retriever().invoke('q')).rejects.toMatchObject({ code: 'API_ERROR', message: /not JSON/ });
    reply.body = { hits: [] };
    await expect(retriever().invoke('q')).rejects.toMatchObject({
      code: 'API_ERROR',
      message: /not a retrieve answer/,
    });
  });

  it.each([
    [{ url: 'ftp://host' }, 'url', /url must be the http\(s\) URL of a ragship API/],
    [{ kb: 'Bad Kb' }, 'kb', /kb must be a kb name such as "docs"; got "Bad Kb"/],
    [{ version: '3' }, 'version', /version must be v<N>, e.g. v3; got "3"/],
    [{ k: 0 }, 'k', /k must be a whole number from 1 to 50; got 0/],
    [{ environment: 'Prod!' }, 'environment', /environment must be an environment name/],
  ])('when an option is invalid (%o), then construction fails naming it', (options, field, message) => {
    expect(() => retriever(options)).toThrow(
      expect.objectContaining({ code: 'INVALID_INPUT', field, message: expect.stringMatching(message) }),
    );
  });

  it('when the retriever is logged or serialised for a trace, then its API key is not in the output', () => {
    const logged = retriever({ apiKey: 'reader-key-0123456789' });
    expect(inspect(logged, { depth: 10 }) + JSON.stringify(logged)).not.toContain('reader-key');
  });
});
