import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { startServer, type RunningServer } from './start-server.js';
import { createTestApp, type TestApp } from './testing/test-app.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const KEY = 'hostile-test-key-0123456789';
let fixture: TestApp;
let server: RunningServer;
let port: number;

beforeAll(async () => {
  fixture = createTestApp();
  await fixture.promote(await fixture.writeVersion({ 'a.md': 'To roll back an index, run ragship rollback.' }), null);
  // Real HTTP on a real socket: the parser, body limits and header checks all take part. The
  // lockout after failed keys is off so every hostile request reaches them (auth-edges.test.ts
  // shows the lockout; with it on, the wrong-key requests here would end in 429 after ten).
  const app = fixture.app({
    keys: [KEY],
    bodyLimit: '64kb',
    logger: pino({ level: 'silent' }),
    failedAuthPerMinute: 0,
  });
  server = await startServer(app, { host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
  port = server.port;
});
afterAll(async () => {
  await server?.close(1000);
  await fixture?.close();
});

interface RawResponse {
  status: number;
  body: string;
}

/** Writes raw bytes to the server and reads the whole response (the request says Connection: close). */
function sendRaw(head: string, body: Buffer = Buffer.alloc(0)): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    // The server may answer (413, 431) and close before the body is all written: that is fine.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (chunks.length === 0 && error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({ status, body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
    socket.write(head);
    socket.end(body);
  });
}

function post(path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = Object.entries({
    Host: `127.0.0.1:${port}`,
    Authorization: `Bearer ${KEY}`,
    'Content-Type': 'application/json',
    'Content-Length': String(bytes.length),
    Connection: 'close',
    ...headers,
  })
    .filter(([, value]) => value !== '')
    .map(([name, value]) => `${name}: ${value}`);
  return sendRaw(`POST ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, bytes);
}

/** A small deterministic PRNG, so a failure names a request that can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const hostile: ((next: () => number) => Promise<RawResponse>)[] = [
  // wrong types
  (next) => post('/v1/chat', JSON.stringify({ question: [42, next()] })),
  (next) => post('/v1/retrieve', JSON.stringify({ query: 'x', k: next() > 0.5 ? 'five' : -3 })),
  () => post('/v1/chat', JSON.stringify({ question: 'x', history: 'not a list' })),
  () => post('/v1/chat', JSON.stringify({ question: null })),
  () => post('/v1/retrieve', '[1,2,3]'),
  () => post('/v1/retrieve', '"just a string"'),
  // huge strings and bodies
  (next) => post('/v1/chat', JSON.stringify({ question: 'q'.repeat(4001 + Math.floor(next() * 50_000)) })),
  () => post('/v1/retrieve', Buffer.alloc(2 * 1024 * 1024, 0x61)),
  () =>
    post(
      '/v1/chat',
      JSON.stringify({ question: 'x', history: Array.from({ length: 51 }, () => ({ role: 'user', content: 'hi' })) }),
    ),
  // bad JSON
  () => post('/v1/chat', '{"question": "unterminated'),
  () => post('/v1/retrieve', '{query: unquoted}'),
  (next) => post('/v1/chat', '{'.repeat(1 + Math.floor(next() * 5000))),
  // bad UTF-8
  () =>
    post(
      '/v1/retrieve',
      Buffer.concat([Buffer.from('{"query":"'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]),
    ),
  () => post('/v1/chat', Buffer.from([0xfe, 0xff, 0x00, 0x7b])),
  // unknown fields, bad kb
  () => post('/v1/chat', JSON.stringify({ question: 'x', temperature: 2 })),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x', kb: '../../etc/passwd' })),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x', kb: 'nosuchkb' })),
  () => post('/v1/chat', JSON.stringify({ question: 'x', __proto__: { admin: true }, constructor: {} })),
  // header abuse
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { 'X-Padding': 'p'.repeat(20_000) }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { Authorization: '' }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { Authorization: `Bearer ${'k'.repeat(8000)}` }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { 'Content-Type': 'text/plain' }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { 'Content-Type': 'application/json; charset=utf-7' }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { 'Content-Encoding': 'br' }),
  () => post('/v1/retrieve', JSON.stringify({ query: 'x' }), { 'Content-Length': '99999999999' }),
  () => sendRaw(`POST /v1/chat HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\nConnection: close\r\n\r\n`),
  () => sendRaw(`GARBAGE / NOT-HTTP\r\n\r\n`),
  () => sendRaw(`GET /v1/chat HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nConnection: close\r\n\r\n`),
  (next) =>
    sendRaw(`GET /${'%'.repeat(1 + Math.floor(next() * 100))}zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
];

describe('hostile requests over real HTTP', () => {
  it('when 1,000 malformed or hostile requests arrive, then each gets a 4xx in the error shape, none a 5xx, and memory stays flat', async () => {
    const next = random(2026);
    const run = async (count: number) => {
      const outcomes: { index: number; kind: number; status: number; body: string }[] = [];
      for (let index = 0; index < count; index++) {
        const kind = index % hostile.length;
        const response = await hostile[kind]!(next);
        outcomes.push({ index, kind, ...response });
      }
      return outcomes;
    };
    await run(100); // warm-up: JIT, pools, lazily built parsers
    collectGarbage();
    const before = process.memoryUsage().heapUsed;

    const outcomes = await run(1000);
    collectGarbage();
    const growthMb = (process.memoryUsage().heapUsed - before) / 2 ** 20;

    const bad = outcomes.filter((outcome) => {
      if (outcome.status < 400 || outcome.status >= 500) return true;
      try {
        const body = JSON.parse(outcome.body) as { error?: { code?: unknown; message?: unknown; requestId?: unknown } };
        return (
          typeof body.error?.code !== 'string' ||
          typeof body.error.message !== 'string' ||
          typeof body.error.requestId !== 'string'
        );
      } catch {
        return true;
      }
    });
    expect(bad.map(({ kind, status, body }) => ({ kind, status, body: body.slice(0, 200) }))).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.status >= 500)).toHaveLength(0);
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    expect([...statuses].sort()).toEqual(expect.arrayContaining([400, 401, 404, 413, 431]));
    console.info(
      `hostile requests: statuses ${[...statuses].sort().join(', ')}; ` +
        `heap growth ${growthMb.toFixed(1)} MB over 1,000 requests`,
    );
    expect(growthMb).toBeLessThan(10);
    // And the server still answers a good request from an ordinary client. (Not through `post`:
    // it half-closes the socket after the body, and such a connection came back empty once the
    // first retrieve got slower by loading the version's lexical index: seen here, cause not pinned down.)
    const good = await fetch(`http://127.0.0.1:${port}/v1/retrieve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ query: 'roll back' }),
    });
    expect(good.status).toBe(200);
  });
});
