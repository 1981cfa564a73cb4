import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { parseConfig, type EmbeddedChunk, type Manifest } from '@ragship/core';
import { createEmbeddingCache, createLocalEmbedder, embedMany, type EmbeddingCache } from '@ragship/embeddings';
import { countingEmbedder } from '@ragship/embeddings/testing';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createChromaVectorStore, searchSegments, type VectorStore } from '@ragship/vector-store';
import { diffManifests } from './diff-manifests.js';
import { ingest } from './ingest.js';
import type { IngestOptions } from './ingest-options.js';
import { describeWithSharedData, itWithSharedData, SHARED_DATA } from './testing/shared-data.js';

const defaults = parseConfig({}, 'test');
let chroma: TestChroma;
let workdir: string;
let registry: Registry;
let store: VectorStore;
let cache: EmbeddingCache;

interface CorpusRecord {
  _id: string;
  title: string;
  text: string;
}

function run(kb: string, overrides: Partial<IngestOptions> = {}) {
  return ingest({
    directory: path.join(workdir, 'scifact'),
    kb,
    registry,
    store,
    embedder: createLocalEmbedder(),
    cache,
    chunking: defaults.chunking,
    validation: defaults.validation,
    ingest: defaults.ingest,
    pipelineVersion: 'test',
    ...overrides,
  });
}

async function manifest(kb: string, version: number): Promise<Manifest> {
  const record = await registry.getVersion(kb, version);
  if (!record?.manifest) throw new Error(`no manifest for ${kb}@v${version}`);
  return record.manifest;
}

/** Every live chunk of a version as stored in Chroma, by id. */
async function liveChunks(version: Manifest): Promise<Map<string, EmbeddedChunk>> {
  const live = new Map<string, EmbeddedChunk>();
  for (const segment of version.segments) {
    const dead = new Set(segment.tombstones);
    for await (const page of store.readChunks(segment.name)) {
      for (const chunk of page) if (!dead.has(chunk.id)) live.set(chunk.id, chunk);
    }
  }
  return live;
}

beforeAll(async () => {
  chroma = await startTestChroma();
  workdir = mkdtempSync(path.join(tmpdir(), 'ragship-scifact-'));
  mkdirSync(path.join(workdir, 'scifact'));
  copyFileSync(path.join(SHARED_DATA, 'scifact', 'corpus.jsonl'), path.join(workdir, 'scifact', 'corpus.jsonl'));
  registry = createSqliteRegistry({ file: path.join(workdir, 'registry.db') });
  store = createChromaVectorStore({ url: chroma.url });
  cache = createEmbeddingCache({ file: path.join(workdir, 'embedding-cache.db') });
}, 60_000);
afterAll(async () => {
  cache?.close();
  await registry?.close();
  await chroma?.stop();
  rmSync(workdir, { recursive: true, force: true });
});

/** The ids of the 10 chunks nearest to `vector` by exact dot product. */
function exactTop(chunks: Map<string, EmbeddedChunk>, vector: readonly number[]): string[] {
  return [...chunks.values()]
    .map((chunk) => ({
      id: chunk.id,
      score: chunk.embedding.reduce((sum, value, index) => sum + value * (vector[index] ?? 0), 0),
    }))
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
    .slice(0, 10)
    .map((chunk) => chunk.id);
}

describeWithSharedData('ingest of the SciFact corpus into a real Chroma server', () => {
  const corpusFile = () => path.join(workdir, 'scifact', 'corpus.jsonl');
  let records: CorpusRecord[];

  itWithSharedData(
    'when SciFact is ingested, then v1 holds every record, and an unchanged re-run makes no version and no embedding call',
    async () => {
      records = readFileSync(corpusFile(), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as CorpusRecord);
      const first = await run('scifact');
      expect(first).toMatchObject({
        version: 'v1',
        status: 'ready',
        documents: { added: records.length, rejected: 0 },
      });
      const v1 = await manifest('scifact', 1);
      expect(Object.keys(v1.documents)).toHaveLength(records.length);
      expect(await store.countChunks(v1.segments[0]!.name)).toBe(first.chunks.total);

      const embedder = countingEmbedder(createLocalEmbedder());
      const again = await run('scifact', { embedder });
      expect(again).toMatchObject({ version: null, status: 'unchanged', documents: { unchanged: records.length } });
      expect(embedder.calls).toBe(0);
    },
  );

  itWithSharedData(
    'when 1% of records are edited and 1% deleted, then only the edited ones are embedded and the version serves what a fresh build would',
    async () => {
      const edited = new Set(records.filter((_, index) => index % 100 === 0).map((record) => record._id));
      const deleted = new Set(records.filter((_, index) => index % 100 === 50).map((record) => record._id));
      writeFileSync(
        corpusFile(),
        records
          .filter((record) => !deleted.has(record._id))
          .map((record) =>
            JSON.stringify(
              edited.has(record._id) ? { ...record, text: `${record.text} Edited for the test.` } : record,
            ),
          )
          .join('\n'),
      );

      const embedder = countingEmbedder(createLocalEmbedder());
      const result = await run('scifact', { embedder });
      expect(result).toMatchObject({
        version: 'v2',
        parent: 'v1',
        documents: { changed: edited.size, removed: deleted.size, added: 0 },
        segments: 2,
        compacted: null,
      });
      const v2 = await manifest('scifact', 2);
      const editedChunks = [...edited].reduce((sum, id) => sum + (v2.documents[`corpus.jsonl#${id}`]?.chunks ?? 0), 0);
      expect(result.chunks.written).toBe(editedChunks);
      expect(embedder.texts).toBe(result.chunks.embedded);
      expect(result.chunks.embedded).toBeGreaterThanOrEqual(edited.size);
      expect(result.chunks.embedded).toBeLessThanOrEqual(editedChunks);
      expect(diffManifests(await manifest('scifact', 1), v2)).toMatchObject({
        added: [],
        changed: [...edited].map((id) => `corpus.jsonl#${id}`).sort(),
        removed: [...deleted].map((id) => `corpus.jsonl#${id}`).sort(),
      });

      await run('scifact-fresh');
      const fresh = await manifest('scifact-fresh', 1);
      const [incremental, scratch] = await Promise.all([liveChunks(v2), liveChunks(fresh)]);
      expect([...incremental.keys()].sort()).toEqual([...scratch.keys()].sort());
      for (const [id, chunk] of incremental) expect(chunk.embedding).toEqual(scratch.get(id)?.embedding);

      const queries = readFileSync(path.join(SHARED_DATA, 'scifact', 'queries.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(0, 50)
        .map((line) => (JSON.parse(line) as { text: string }).text);
      // Both serve the same chunks and vectors, so exact top-10s are identical. Chroma's HNSW is
      // approximate and one index plus a delta is another graph than one fresh index: its top-10s
      // agree on almost every result, which is what this asserts.
      const vectors = await embedMany(createLocalEmbedder(), queries);
      let agreement = 0;
      for (const vector of vectors) {
        const [a, b] = await Promise.all([
          searchSegments(store, v2.segments, vector, 10),
          searchSegments(store, fresh.segments, vector, 10),
        ]);
        const fromFresh = new Set(b.map((chunk) => chunk.id));
        agreement += a.filter((chunk) => fromFresh.has(chunk.id)).length / 10;
        expect(exactTop(incremental, vector)).toEqual(exactTop(scratch, vector));
      }
      expect(agreement / vectors.length).toBeGreaterThanOrEqual(0.9);
    },
  );
});
