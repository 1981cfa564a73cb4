// The raw Chroma side of the speed bench: the chromadb client itself, with ragship's HNSW settings,
// adding precomputed vectors in the batches that measured fastest here.

import { ChromaClient } from 'chromadb';

/** The HNSW settings of ragship's segments, given to every collection so all write the same index. */
export const HNSW = { hnsw: { space: 'ip', ef_construction: 200, ef_search: 200 } };
export const RAW_BATCH = 500;

export function chromaClient(url) {
  const parsed = new URL(url);
  return new ChromaClient({ host: parsed.hostname, port: Number(parsed.port) });
}

/**
 * Raw chromadb `add` of precomputed vectors with their documents into a new collection; the ms it
 * took. With `textInMetadata`, the texts go in as the metadata field `text` instead of as
 * documents, as ragship writes them (Chroma full-text indexes documents; metadata it does not).
 */
export async function rawAdd(client, name, items, { textInMetadata = false } = {}) {
  const collection = await client.createCollection({ name, embeddingFunction: null, configuration: HNSW });
  const started = performance.now();
  for (let start = 0; start < items.length; start += RAW_BATCH) {
    const batch = items.slice(start, start + RAW_BATCH);
    await collection.add({
      ids: batch.map((item) => item.id),
      embeddings: batch.map((item) => item.embedding),
      ...(textInMetadata
        ? { metadatas: batch.map((item) => ({ ...item.metadata, text: item.text })) }
        : { documents: batch.map((item) => item.text), metadatas: batch.map((item) => item.metadata) }),
    });
  }
  return performance.now() - started;
}
