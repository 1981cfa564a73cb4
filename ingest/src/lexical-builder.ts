import { parseVersion, type Manifest } from '@ragship/core';
import { LEXICAL_ARTIFACT, LexicalIndex, lexicalEntry } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';

/**
 * The lexical index a run starts from: empty for a full build; for an incremental run the
 * parent's stored index, or, when the parent has none (built by an older ragship), one rebuilt
 * from the live chunks of the parent's segments in the store.
 */
export async function openLexicalIndex(options: {
  registry: Registry;
  store: VectorStore;
  parent: Manifest | null;
  incremental: boolean;
}): Promise<LexicalIndex> {
  const { parent } = options;
  if (!options.incremental || !parent) return LexicalIndex.create();
  const stored = await options.registry.getArtifact(parent.kb, parseVersion(parent.version), LEXICAL_ARTIFACT);
  if (stored) return LexicalIndex.load(stored.data);
  const index = LexicalIndex.create();
  for (const segment of parent.segments) {
    const dead = new Set(segment.tombstones);
    for await (const page of options.store.readChunks(segment.name)) {
      index.add(page.filter((chunk) => !dead.has(chunk.id)).map(lexicalEntry));
    }
  }
  return index;
}
