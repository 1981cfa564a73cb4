// Serving and promotion, on the kb the ingest bench built (v1 and the versions its 1% rounds made):
// POST /v1/retrieve latency at concurrency 1, 16 and 64 against the same queries sent straight to
// Chroma; alias flips in the same store and when the API shows them; cross-store copy throughput
// against raw Chroma `add` of the same vectors into the second server; and that promoting vN+1
// where vN is already in the target copies only what vN lacks.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { embedMany } from '@ragship/embeddings';
import { materialiseVersion } from '@ragship/promotion';
import { createRegistry } from '@ragship/registry';
import { createChromaVectorStore, segmentsOfVersion } from '@ragship/vector-store';
import { chromaClient, rawAdd } from './chroma-side.mjs';
import { readManifestChunks } from './ingest-bench.mjs';
import { cli, serve } from '../ragship-cli.mjs';
import { percentile, summary } from './stats.mjs';

/** What the API asks of the vector search per query (the retriever's `candidates`). */
const DENSE_CANDIDATES = 50;
const CONCURRENCY = [1, 16, 64];
const WARM_UP = 50;
/** How often the bench asks the API which version it serves after a flip. */
const POLL_MS = 25;

export async function benchServing({ url, secondUrl, kept, queries, embedder, runs, log }) {
  const env = { CHROMA_URL: '', DATABASE_URL: '', RAGSHIP_ENV: '', RAGSHIP_ACTOR: 'bench' };
  const registryFile = path.join(kept.dir, 'registry.db');
  writeFileSync(
    path.join(kept.dir, 'ragship.config.yaml'),
    [
      `registry: { url: ${JSON.stringify(`sqlite:${registryFile}`)} }`,
      'environments:',
      // The bench sends thousands of requests a minute from one client.
      `  dev: { vectorStore: { kind: chroma, url: ${url} }, api: { rateLimit: { requestsPerMinute: 0 } } }`,
      `  prod: { vectorStore: { kind: chroma, url: ${secondUrl} }, api: { rateLimit: { requestsPerMinute: 0 } } }`,
      '',
    ].join('\n'),
  );
  const json = (args) => JSON.parse(cli([...args, '--json'], kept.dir, env));

  json(['promote', `${kept.kb}@v1`, '--to', 'dev']);
  const server = await serve(kept.dir, env, ['--env', 'dev']);
  try {
    const retrieval = await benchRetrieval({ apiUrl: server.url, chromaUrl: url, kept, queries, embedder, runs, log });
    const flips = await benchFlips({ apiUrl: server.url, kb: kept.kb, json, runs, log });
    const copy = await benchCopy({ url, secondUrl, registryFile, kept, runs, log });
    const delta = await benchDeltaPromotion({ kb: kept.kb, registryFile, json, log });
    return { retrieval, flips, copy, delta };
  } finally {
    server.stop();
  }
}

/** Sends every query with `concurrency` in flight; latencies in ms and requests/s. */
async function drive(queries, concurrency, send) {
  const latencies = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < queries.length) {
        const query = queries[next++];
        const t0 = performance.now();
        await send(query);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    rps: queries.length / seconds,
  };
}

async function benchRetrieval({ apiUrl, chromaUrl, kept, queries, embedder, runs, log }) {
  const [segment] = segmentsOfVersion(kept.kb, 1);
  const collection = await chromaClient(chromaUrl).getCollection({ name: segment, embeddingFunction: null });
  // The raw side gets its query vectors precomputed: it measures the store alone.
  const vectors = await embedMany(embedder, queries);
  const raw = (at) =>
    collection.query({
      queryEmbeddings: [vectors[at]],
      nResults: DENSE_CANDIDATES,
      include: ['documents', 'metadatas', 'distances'],
    });
  const api = async (at) => {
    const response = await fetch(`${apiUrl}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: queries[at], kb: kept.kb }),
    });
    if (!response.ok) throw new Error(`/v1/retrieve answered ${response.status}: ${await response.text()}`);
    await response.json();
  };
  const order = queries.map((_, at) => at);
  await drive(order.slice(0, WARM_UP), 4, raw);
  await drive(order.slice(0, WARM_UP), 4, api);
  const results = {};
  for (const concurrency of CONCURRENCY) {
    const perRun = { api: [], raw: [] };
    for (let run = 1; run <= runs; run++) {
      // Alternate which side goes first, so neither always meets a warmer server.
      const sides = run % 2 ? ['api', 'raw'] : ['raw', 'api'];
      for (const side of sides) perRun[side].push(await drive(order, concurrency, side === 'api' ? api : raw));
    }
    const summarise = (list) =>
      Object.fromEntries(['p50', 'p95', 'p99', 'rps'].map((key) => [key, summary(list.map((item) => item[key]))]));
    results[concurrency] = { api: summarise(perRun.api), raw: summarise(perRun.raw) };
    const { api: a, raw: r } = results[concurrency];
    log(
      `retrieve at concurrency ${concurrency}: API p50 ${a.p50.median.toFixed(1)} / p95 ${a.p95.median.toFixed(1)} ms, ${a.rps.median.toFixed(0)} req/s; raw Chroma p50 ${r.p50.median.toFixed(1)} / p95 ${r.p95.median.toFixed(1)} ms, ${r.rps.median.toFixed(0)} req/s`,
    );
  }
  return { queries: queries.length, candidates: DENSE_CANDIDATES, byConcurrency: results };
}

/** Promotes v2, v3, … to dev in the store that already holds them; times the flip and until the API serves it. */
async function benchFlips({ apiUrl, kb, json, runs, log }) {
  const flips = { commandMs: [], flipMs: [], visibleMs: [] };
  for (let run = 1; run <= runs; run++) {
    const version = `v${run + 1}`;
    const t0 = performance.now();
    const result = json(['promote', `${kb}@${version}`, '--to', 'dev']);
    const flipped = performance.now();
    if (result.copied !== 0) throw new Error(`${kb}@${version} copied ${result.copied} chunks within one store`);
    for (;;) {
      const response = await fetch(`${apiUrl}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'protein', kb, k: 1 }),
      });
      await response.arrayBuffer();
      if (response.headers.get('x-index-version') === `${kb}@${version}`) break;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    flips.commandMs.push(flipped - t0);
    flips.flipMs.push(result.durationMs);
    flips.visibleMs.push(performance.now() - flipped);
    log(
      `alias flip to ${version}: promote ${result.durationMs} ms (command ${(flipped - t0).toFixed(0)} ms), served by the API ${flips.visibleMs.at(-1).toFixed(0)} ms after`,
    );
  }
  return Object.fromEntries(Object.entries(flips).map(([key, values]) => [key, summary(values)]));
}

/** v1 copied whole into the second server by promotion's copy (read, write, verify), against raw `add` of its vectors there. */
async function benchCopy({ url, secondUrl, registryFile, kept, runs, log }) {
  const registry = createRegistry(`sqlite:${registryFile}`, kept.dir);
  const source = createChromaVectorStore({ url });
  const target = createChromaVectorStore({ url: secondUrl });
  const client = chromaClient(secondUrl);
  try {
    const manifest = (await registry.getVersion(kept.kb, 1)).manifest;
    // The raw side writes the same records a copy writes: text, every metadata field and the
    // vector; once with the texts as Chroma documents (the issue's reference) and once with them
    // in the metadata field `text`, as ragship writes them.
    const items = await readManifestChunks(source, manifest);
    const copy = { raw: [], rawTextInMetadata: [], ragship: [], chunks: items.length };
    for (let run = 1; run <= runs; run++) {
      for (const [series, textInMetadata] of [
        ['raw', false],
        ['rawTextInMetadata', true],
      ]) {
        const name = `bench-raw-copy-${series}-${run}`;
        const rawMs = await rawAdd(client, name, items, { textInMetadata });
        copy[series].push(items.length / (rawMs / 1000));
        await client.deleteCollection({ name });
      }

      const started = performance.now();
      const report = await materialiseVersion({
        manifest,
        target,
        sources: [{ environment: 'dev', open: async () => source }],
      });
      copy.ragship.push(report.copied / ((performance.now() - started) / 1000));
      for (const segment of manifest.segments) await target.deleteSegment(segment.name);
      log(
        `cross-store copy run ${run}/${runs}: ragship ${copy.ragship.at(-1).toFixed(0)} chunks/s (${report.copied} copied and verified), raw add ${copy.raw.at(-1).toFixed(0)} vectors/s (texts in metadata as ragship writes them ${copy.rawTextInMetadata.at(-1).toFixed(0)})`,
      );
    }
    return {
      chunks: copy.chunks,
      raw: summary(copy.raw),
      rawTextInMetadata: summary(copy.rawTextInMetadata),
      ragship: summary(copy.ragship),
    };
  } finally {
    await registry.close();
  }
}

/** `ragship promote` of v1 then v2 into prod (the second server): v2 must copy only its own delta. */
async function benchDeltaPromotion({ kb, registryFile, json, log }) {
  const first = json(['promote', `${kb}@v1`, '--to', 'prod']);
  const second = json(['promote', `${kb}@v2`, '--to', 'prod']);
  const registry = createRegistry(`sqlite:${registryFile}`, path.dirname(registryFile));
  try {
    const [v1, v2] = await Promise.all(
      [1, 2].map(async (version) => (await registry.getVersion(kb, version)).manifest),
    );
    const inV1 = new Set(v1.segments.map((segment) => segment.name));
    const lacking = v2.segments.filter((segment) => !inV1.has(segment.name));
    const expected = lacking.reduce((sum, segment) => sum + segment.chunks, 0);
    log(
      `promote ${kb}@v1 to prod copied ${first.copied}; then v2 copied ${second.copied} (its new segments hold ${expected})`,
    );
    return {
      v1Copied: first.copied,
      v2Copied: second.copied,
      v2Lacking: expected,
      lackingSegments: lacking.map((segment) => segment.name),
    };
  } finally {
    await registry.close();
  }
}
