import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { createVectorStore, type VectorStore } from '@ragship/vector-store';
import { startPineconeDouble, type PineconeDouble } from '@ragship/vector-store/testing';
import { readAll, type Move } from './support/promotion-traffic.js';
import { PromotionWorkspace } from './support/promotion-workspace.js';

interface ChatBody {
  answer: string;
  citations: { n: number; docId: string; chunkId: string; source: string; score: number }[];
}

const GOLDEN_SET = fileURLToPath(new URL('../eval/docs', import.meta.url));
const QUESTIONS = readFileSync(path.join(GOLDEN_SET, 'queries.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => (JSON.parse(line) as { text: string }).text);

async function chat(url: string, question: string): Promise<ChatBody & { version: string | null }> {
  const response = await fetch(`${url}/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  expect(response.status).toBe(200);
  return { ...((await response.json()) as ChatBody), version: response.headers.get('x-index-version') };
}

/** Several new pages: enough changed chunks (over 10%) that ingest folds the chain into a new base. */
/**
 * Enough new pages that a round's delta is well past the compaction threshold (10% of stored
 * chunks) whatever the size of the docs/ the workspace starts from, so each round compacts.
 */
function writeManyPages(workspace: PromotionWorkspace, round: string): void {
  for (let page = 0; page < 40; page++) {
    workspace.writeDoc(
      `release-${round}-${page}.md`,
      `# Release ${round} note ${page}\n\n` +
        `Round ${round} changed part ${page} of the pipeline: the ${page}th stage now logs its inputs.\n`,
    );
  }
}

// Prod is Pinecone, played by a local double of Pinecone's REST API (startPineconeDouble, written
// from Pinecone's public API reference): the hosted service cannot run here. The Pinecone client,
// the adapter and every CLI and API process are the real ones. Staging is a real Chroma server.
describe('promotion from a Chroma staging to a Pinecone prod (local Pinecone double)', () => {
  let chroma: TestChroma;
  let pinecone: PineconeDouble;
  let workspace: PromotionWorkspace;
  let staging: VectorStore;
  let prod: VectorStore;

  beforeAll(async () => {
    // Writes become visible 200 ms late, as on Pinecone: promotion has to wait for them.
    [chroma, pinecone] = await Promise.all([startTestChroma(), startPineconeDouble({ visibilityDelayMs: 200 })]);
    const prodStore = { kind: 'pinecone' as const, index: 'ragship-{kb}-{env}', controllerUrl: pinecone.controllerUrl };
    workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: {
        staging: chroma.url,
        prod: Object.entries(prodStore).map(([key, value]) => `${key}: ${JSON.stringify(value)}`),
      },
      extra: ['retention:', '  keepVersions: 1'],
    });
    Object.assign(workspace.env, { PINECONE_API_KEY: pinecone.apiKey, RAGSHIP_ENV: 'staging' });
    staging = createVectorStore({ kind: 'chroma', url: chroma.url });
    prod = createVectorStore({
      ...prodStore,
      index: 'ragship-{kb}-prod',
      apiKey: pinecone.apiKey,
      cloud: 'aws',
      region: 'us-east-1',
    });
  });
  afterAll(async () => {
    await Promise.all([chroma?.stop(), pinecone?.stop()]);
    workspace?.remove();
  });

  it('when docs@v1 is promoted from staging to prod, then Pinecone holds it verified by digest and prod answers with the same citations as staging', async () => {
    expect(await workspace.json(['--env', 'staging', 'ingest', 'docs', '--kb', 'docs'])).toMatchObject({
      version: 'v1',
    });
    await workspace.json(['promote', 'docs@v1', '--to', 'staging']);
    const toProd = await workspace.json<Move>(['promote', 'docs', '--from', 'staging', '--to', 'prod']);
    const manifest = await workspace.json<Manifest>(['show', 'docs@v1']);
    expect(toProd).toMatchObject({ environment: 'prod', to: 'v1', verifiedDigest: manifest.digest });
    expect(toProd.copied).toBe(manifest.counts.chunks);

    // One index per kb and environment, one namespace per segment, identical to staging's chunks.
    const indexes = (await (
      await fetch(`${pinecone.controllerUrl}/indexes`, { headers: { 'Api-Key': pinecone.apiKey } })
    ).json()) as {
      indexes: { name: string }[];
    };
    expect(indexes.indexes.map((index) => index.name)).toEqual(['ragship-docs-prod']);
    for (const segment of manifest.segments) {
      const [inStaging, inProd] = await Promise.all([readAll(staging, segment.name), readAll(prod, segment.name)]);
      expect(inProd).toHaveLength(segment.chunks);
      expect(inProd).toEqual(inStaging);
    }

    const [stagingApi, prodApi] = await Promise.all([workspace.serve('staging'), workspace.serve('prod')]);
    try {
      for (const question of QUESTIONS) {
        const [fromStaging, fromProd] = await Promise.all([
          chat(stagingApi.url, question),
          chat(prodApi.url, question),
        ]);
        expect(fromProd.version).toBe('docs@v1');
        // The same chunks, in the same order, with the same answer. The fused scores may differ a
        // little: the local embedder's vectors tie on many chunks, and Chroma (HNSW, float32) and
        // Pinecone order ties among the 50 dense candidates their own way, which moves RRF shares.
        const withoutScore = (body: ChatBody) => body.citations.map(({ score: _score, ...citation }) => citation);
        expect(withoutScore(fromProd), question).toEqual(withoutScore(fromStaging));
        expect(fromProd.answer, question).toBe(fromStaging.answer);
      }
      expect(await (await fetch(`${prodApi.url}/readyz`)).json()).toMatchObject({ status: 'ready' });
    } finally {
      await Promise.all([stagingApi.stop(), prodApi.stop()]);
    }
  });

  it('when later versions reach prod, then each promotion copies only what Pinecone lacks and gc deletes the namespaces no kept version uses', async () => {
    workspace.writeDoc('retention.md', '# Retention\n\nragship gc keeps the newest versions and deletes the rest.\n');
    expect(await workspace.json(['--env', 'staging', 'ingest', 'docs', '--kb', 'docs'])).toMatchObject({
      version: 'v2',
    });
    const v2 = await workspace.json<Manifest>(['show', 'docs@v2']);
    const delta = v2.segments.at(-1)!;
    expect(v2.segments.map((segment) => segment.name)).toEqual(['ragship-docs-v1-base', delta.name]);
    await workspace.json(['promote', 'docs@v2', '--to', 'staging']);
    const v2ToProd = await workspace.json<Move>(['promote', 'docs', '--from', 'staging', '--to', 'prod']);
    expect(v2ToProd).toMatchObject({ from: 'v1', to: 'v2', verifiedDigest: v2.digest, copied: delta.chunks });

    for (const round of ['v3', 'v4']) {
      writeManyPages(workspace, round);
      expect(await workspace.json(['--env', 'staging', 'ingest', 'docs', '--kb', 'docs'])).toMatchObject({
        version: round,
      });
      expect(
        (await workspace.json<Manifest>(['show', `docs@${round}`])).segments.map((segment) => segment.name),
      ).toEqual([`ragship-docs-${round}-base`]);
      await workspace.json(['promote', `docs@${round}`, '--to', 'staging']);
      await workspace.json(['promote', 'docs', '--from', 'staging', '--to', 'prod']);
    }

    const gc = await workspace.json<{ deleted: { version: string }[]; errors: unknown[] }>(['gc']);
    expect(gc.errors).toEqual([]);
    expect(gc.deleted.map((item) => item.version).sort()).toEqual(['v1', 'v2']);
    for (const gone of ['ragship-docs-v1-base', delta.name]) {
      expect(await prod.hasSegment(gone), gone).toBe(false);
      expect(await staging.hasSegment(gone), gone).toBe(false);
    }
    for (const kept of ['ragship-docs-v3-base', 'ragship-docs-v4-base']) {
      expect(await prod.hasSegment(kept), kept).toBe(true);
    }
    const rolledBack = await workspace.json<Move>(['rollback', 'docs', '--env', 'prod']);
    expect(rolledBack).toMatchObject({ from: 'v4', to: 'v3', changed: true });
  });

  it('when an environment on Pinecone ingests for itself, then the version is built there, promoted in place and measured', async () => {
    const own = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { prod: ['kind: pinecone', 'index: ragship-built', `controllerUrl: ${pinecone.controllerUrl}`] },
    });
    Object.assign(own.env, { PINECONE_API_KEY: pinecone.apiKey, RAGSHIP_ENV: 'prod' });
    try {
      const built = await own.json<{ version: string }>(['ingest', 'docs', '--kb', 'docs']);
      expect(built.version).toBe('v1');
      const promoted = await own.json<Move>(['promote', 'docs@v1', '--to', 'prod']);
      expect(promoted).toMatchObject({ to: 'v1', copied: 0 });
      const measured = await own.json<{ metrics: Record<string, number> }>(['eval', 'docs', '--dataset', GOLDEN_SET]);
      expect(measured.metrics['ndcg@10']).toBeGreaterThan(0.75);
    } finally {
      own.remove();
    }
  });
});
