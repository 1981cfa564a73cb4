import { sha256, type Manifest } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { LEXICAL_ANALYZER, LexicalIndex, lexicalEntry, segmentLexicalArtifact } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import { testChunk } from '@ragship/vector-store/testing';
import { chunkDigest, type VectorStore } from '@ragship/vector-store';

/**
 * Writes a ready version of `kb` (default "docs") for tests of serving: one chunk per document
 * (`docId` → text), embedded with the real local embedder, in one base segment of `store`, with
 * its BM25 index stored in `registry` as ingestion stores it, and a manifest whole enough to diff,
 * gate and promote (per-document hashes and digests, counts). Returns the version number.
 */
export async function writeTestVersion(
  registry: Registry,
  store: VectorStore,
  documents: Record<string, string>,
  kb = 'docs',
): Promise<number> {
  const embedder = createLocalEmbedder();
  const record = await registry.createVersion(kb, null);
  const segment = `ragship-${kb}-v${record.version}-base`;
  await store.createSegment(segment, { dimensions: embedder.dimensions });
  const entries = Object.entries(documents);
  const vectors = await embedder.embed(entries.map(([, text]) => text));
  const chunks = entries.map(([docId, text], index) =>
    testChunk(`${docId}#0`, text, vectors[index] ?? [], { docId, title: docId }),
  );
  await store.addChunks(segment, chunks);
  const lexical = LexicalIndex.create();
  lexical.add(chunks.map(lexicalEntry));
  const name = segmentLexicalArtifact(0);
  const artifact = await registry.putArtifact(kb, record.version, name, await lexical.serialize());
  const documentsOf = Object.fromEntries(
    chunks.map((chunk) => [
      chunk.metadata.docId,
      {
        contentHash: sha256(chunk.text),
        source: chunk.metadata.source,
        title: chunk.metadata.title,
        modifiedAt: '2026-12-01T00:00:00.000Z',
        chunks: 1,
        chunkIds: [chunk.id],
        segment,
        digest: chunkDigest([chunk]),
      },
    ]),
  );
  const manifest: Manifest = {
    kb,
    version: `v${record.version}`,
    parent: null,
    status: 'ready',
    createdAt: record.createdAt,
    sourceFingerprint: sha256(
      JSON.stringify(Object.entries(documentsOf).map(([docId, doc]) => [docId, doc.contentHash])),
    ),
    documents: documentsOf,
    chunking: { splitter: 'test', size: 1000, overlap: 0 },
    embedder: { id: 'local', dimensions: 384 },
    pipelineVersion: 'test',
    counts: { documents: entries.length, chunks: entries.length, rejected: 0 },
    validation: { settings: {}, rejected: [], flagged: [] },
    eval: null,
    digest: chunkDigest(chunks),
    segments: [{ name: segment, chunks: entries.length, tombstones: [] }],
    lexical: {
      analyzer: LEXICAL_ANALYZER,
      segments: [{ segment, artifact: name, chunks: entries.length, bytes: artifact.bytes, sha256: artifact.sha256 }],
    },
    builtIn: { environment: 'dev', store: store.location },
  };
  await registry.finishVersion(kb, record.version, 'ready', manifest);
  return record.version;
}
