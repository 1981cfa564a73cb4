import type { Manifest } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { LEXICAL_ANALYZER, LexicalIndex, lexicalEntry, segmentLexicalArtifact } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import { testChunk } from '@ragship/vector-store/testing';
import type { VectorStore } from '@ragship/vector-store';

/**
 * Writes a ready version of `kb` (default "docs") for tests of serving: one chunk per document
 * (`docId` → text), embedded with the real local embedder, in one base segment of `store`, with
 * its BM25 index stored in `registry` as ingestion stores it. Returns the version number.
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
  const manifest = {
    kb,
    version: `v${record.version}`,
    embedder: { id: 'local', dimensions: 384 },
    segments: [{ name: segment, chunks: entries.length, tombstones: [] as string[] }],
    lexical: {
      analyzer: LEXICAL_ANALYZER,
      segments: [{ segment, artifact: name, chunks: entries.length, bytes: artifact.bytes, sha256: artifact.sha256 }],
    },
  } as Manifest;
  await registry.finishVersion(kb, record.version, 'ready', manifest);
  return record.version;
}
