/**
 * LLM10 probes: floods, slow clients, abandoned streams, bodies built to be expensive, and key
 * guessing. The API may refuse (4xx, 429) but must not fail (5xx), hang, or slow other clients.
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import pLimit from 'p-limit';
import { AUDIENCES, type Probe, type ProbeSession } from './probe.js';

const category = 'llm10_unbounded_consumption' as const;
/** How long a plain request may take while the API is under one of these attacks. */
const UNDER_ATTACK_BOUND_MS = 5000;

/** The consumption probes, in the order they run (key guessing last: it may rate-limit the address). */
export const CONSUMPTION_PROBES: readonly Probe[] = [
  {
    id: 'probe:expensive-bodies',
    category,
    technique: 'deeply nested JSON, huge numbers, prototype keys, bad UTF-8, a gzip bomb, oversized headers',
    async run({ send, world }) {
      const key = world.keys.limited;
      const limited = AUDIENCES.limited;
      const bound = { maxLatencyMs: UNDER_ATTACK_BOUND_MS };
      await send(
        {
          path: '/v1/chat',
          key,
          rawBody: `{"question":"x","filter":{"docId":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`,
        },
        limited,
        bound,
      );
      await send(
        { path: '/v1/chat', key, rawBody: `{"question":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}` },
        limited,
        bound,
      );
      await send({ path: '/v1/chat', key, rawBody: '{"question":"capital of Veloria","k":1e308}' }, limited, bound);
      await send(
        { path: '/v1/chat', key, rawBody: `{"question":"capital of Veloria","k":${'9'.repeat(5000)}}` },
        limited,
        bound,
      );
      await send(
        { path: '/v1/chat', key, rawBody: '{"question":"capital of Veloria","__proto__":{"role":"admin","kbs":null}}' },
        limited,
        bound,
      );
      await send(
        {
          path: '/v1/chat',
          key,
          rawBody: '{"question":"capital of Veloria","constructor":{"prototype":{"isAdmin":true}}}',
        },
        limited,
        bound,
      );
      await send(
        { path: '/v1/chat', key, rawBody: Buffer.from([0x7b, 0x22, 0x71, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
        limited,
        bound,
      );
      const bomb = gzipSync(Buffer.alloc(64 * 2 ** 20, 0x20));
      await send({ path: '/v1/chat', key, rawBody: bomb, headers: { 'content-encoding': 'gzip' } }, limited, bound);
      const manyHeaders = Object.fromEntries(
        Array.from({ length: 120 }, (_, index) => [`x-pad-${index}`, 'x'.repeat(1000)]),
      );
      await send({ path: '/v1/chat', key, body: { question: 'x' }, headers: manyHeaders }, limited, bound);
      await send(
        { path: '/v1/chat', key, body: { question: 'x' }, headers: { 'x-request-id': 'r'.repeat(100_000) } },
        limited,
        bound,
      );
    },
  },
  {
    id: 'probe:retrieve-flood',
    category,
    technique: '150 retrieve requests 50 at a time, then 550 cheap ones, from one key (the limit is 600 a minute)',
    async run(session) {
      await flood(session, 'retrieve', 150, 50, (index) => ({
        path: '/v1/retrieve',
        body: { query: `capital of Veloria ${index}`, kb: 'public' },
      }));
      // Refused for their k, but counted by the rate limit all the same: it must start answering 429.
      await flood(session, 'refused retrieve', 550, 50, () => ({
        path: '/v1/retrieve',
        body: { query: 'capital of Veloria', kb: 'public', k: 0 },
      }));
    },
  },
  {
    id: 'probe:chat-stream-flood',
    category,
    technique: '80 streamed LLM answers, 40 at a time',
    server: 'llm',
    async run(session) {
      await flood(session, 'streamed chat', 80, 40, (index) => ({
        path: '/v1/chat',
        body: { question: `What is the capital of Veloria? (${index})`, kb: 'public', stream: true },
      }));
    },
  },
  {
    id: 'probe:abandoned-streams',
    category,
    technique: '60 streamed answers whose clients hang up after the first bytes',
    server: 'llm',
    async run(session) {
      const { url, world } = session;
      await Promise.all(
        Array.from({ length: 60 }, async () => {
          const abort = new AbortController();
          const response = await fetch(`${url}/v1/chat`, {
            method: 'POST',
            headers: { authorization: `Bearer ${world.keys.flood}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              question: 'What is the capital of Veloria, the glassworks republic? rtprobeendless',
              kb: 'public',
              stream: true,
            }),
            signal: abort.signal,
          }).catch(() => null);
          await response?.body
            ?.getReader()
            .read()
            .catch(() => undefined);
          abort.abort();
        }),
      );
      await stillServes(session, 'after 60 abandoned streams');
    },
  },
  {
    id: 'probe:slow-headers',
    category,
    technique: '200 connections sending their headers a byte at a time (slowloris)',
    async run(session) {
      await whileSlowClients(session, 200, (socket, address) => {
        socket.write(`POST /v1/chat HTTP/1.1\r\nHost: ${address}\r\n`);
        return () => socket.write('X');
      });
    },
  },
  {
    id: 'probe:slow-bodies',
    category,
    technique: '100 connections announcing a 60 kB body and sending it a byte at a time',
    async run(session) {
      await whileSlowClients(session, 100, (socket, address) => {
        const headers = `POST /v1/chat HTTP/1.1\r\nHost: ${address}\r\nAuthorization: Bearer ${session.world.keys.flood}\r\nContent-Type: application/json\r\nContent-Length: 60000\r\n\r\n{"question":"`;
        socket.write(headers);
        return () => socket.write('a');
      });
    },
  },
  {
    id: 'probe:key-guessing',
    category,
    technique: '300 requests with wrong keys from one address: they should be throttled',
    async run(session) {
      const limit = pLimit(20);
      const statuses = await Promise.all(
        Array.from({ length: 300 }, () =>
          limit(async () => {
            const sent = await session.send(
              { path: '/v1/retrieve', key: `rt-guess-${randomBytes(16).toString('hex')}`, body: { query: 'x' } },
              AUDIENCES.anonymous,
            );
            return sent.status;
          }),
        ),
      );
      const throttled = statuses.filter((status) => status === 429).length;
      session.note(`${statuses.filter((status) => status === 401).length} × 401, ${throttled} × 429`);
      if (throttled === 0)
        session.find({ kind: 'unthrottled', detail: '300 wrong keys in a row, none throttled (no 429)' });
    },
  },
];

/**
 * Sends `count` requests `concurrency` at a time with the flood key; notes the statuses and the
 * latency percentiles under `label`, and checks that other clients are still served.
 */
async function flood(
  session: ProbeSession,
  label: string,
  count: number,
  concurrency: number,
  request: (index: number) => { path: string; body: unknown },
): Promise<void> {
  const limit = pLimit(concurrency);
  const sent = await Promise.all(
    Array.from({ length: count }, (_, index) =>
      limit(() => session.send({ ...request(index), key: session.world.keys.flood }, AUDIENCES.limited)),
    ),
  );
  const latencies = sent.map((item) => item.latencyMs).sort((a, b) => a - b);
  const percentile = (share: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))] ?? 0;
  const statuses = [...new Set(sent.map((item) => item.status))].sort();
  const counts = statuses.map((status) => `${sent.filter((item) => item.status === status).length} × ${status}`);
  session.note(`${label}: ${counts.join(', ')}; latency p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms`);
  await stillServes(session, `after ${count} requests`);
}

/**
 * Opens `count` connections that each start a request and then send one more byte per second
 * (`open` writes the start and returns the trickle), checks that other clients are still served
 * in time while they hang, and closes them.
 */
async function whileSlowClients(
  session: ProbeSession,
  count: number,
  open: (socket: Socket, address: string) => () => void,
): Promise<void> {
  const { hostname, port } = new URL(session.url);
  const sockets: Socket[] = [];
  const trickles: (() => void)[] = [];
  let closedByServer = 0;
  for (let index = 0; index < count; index++) {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.on('error', () => undefined);
    socket.on('close', () => (closedByServer += 1));
    socket.on('data', () => undefined);
    await new Promise<void>((resolve) => socket.once('connect', resolve).once('error', () => resolve()));
    trickles.push(open(socket, `${hostname}:${port}`));
    sockets.push(socket);
  }
  const timer = setInterval(() => trickles.forEach((trickle) => trickle()), 1000);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await stillServes(session, `while ${count} slow clients hang on`);
    session.note(`${closedByServer} of ${count} slow connections closed by the server within the probe`);
  } finally {
    clearInterval(timer);
    for (const socket of sockets) socket.destroy();
  }
}

/** A health check and a real answer, each within {@link UNDER_ATTACK_BOUND_MS}, else findings. */
async function stillServes(session: ProbeSession, when: string): Promise<void> {
  const bound = { maxLatencyMs: UNDER_ATTACK_BOUND_MS };
  const health = await session.send({ path: '/healthz' }, AUDIENCES.anonymous, bound);
  const answer = await session.send(
    {
      path: '/v1/chat',
      key: session.world.keys.full,
      body: { question: 'What is the capital of Veloria?', kb: 'public' },
    },
    AUDIENCES.fullReader,
    bound,
  );
  if (health.status !== 200 || answer.status !== 200) {
    session.find({
      kind: 'slow',
      detail: `${when}: /healthz ${health.status ?? health.transportError}, chat ${answer.status ?? answer.transportError}`,
    });
  }
}
