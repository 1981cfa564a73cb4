import { RagshipError, parseVersion, type Chunk, type Manifest } from '@ragship/core';
import { LEXICAL_ANALYZER, LEXICAL_ARTIFACT, LexicalIndex, lexicalEntry } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';

/** Builds a run's BM25 index and stores it with the version. */
export interface LexicalBuilder {
  /** Indexes a document's chunks in place of its `previous` ones (the parent's, on an incremental run). */
  replace(previous: readonly string[], chunks: readonly Chunk[]): Promise<void>;
  /** Drops chunks of documents that are gone. */
  remove(ids: readonly string[]): Promise<void>;
  /** Checks the index holds the version's `total` chunks and stores it as the version's artifact. */
  save(version: number, total: number): Promise<NonNullable<Manifest['lexical']>>;
}

/**
 * The lexical index of one run. It starts empty for a full build; for an incremental run it
 * starts from the parent's stored index or, when the parent has none (built by an older
 * ragship), from the live chunks of the parent's segments in the store. The start is read on
 * first use, so a run that changes nothing never loads it.
 */
export function createLexicalBuilder(options: {
  kb: string;
  registry: Registry;
  store: VectorStore;
  parent: Manifest | null;
  incremental: boolean;
}): LexicalBuilder {
  let opened: Promise<LexicalIndex> | undefined;
  const index = () => (opened ??= open(options));
  return {
    async replace(previous, chunks) {
      const lexical = await index();
      lexical.remove(previous);
      lexical.add(chunks.map(lexicalEntry));
    },
    async remove(ids) {
      (await index()).remove(ids);
    },
    async save(version, total) {
      const lexical = await index();
      if (lexical.size !== total) {
        throw new RagshipError(
          'VERIFY_FAILED',
          `The lexical index holds ${lexical.size} chunks; the version has ${total}.`,
        );
      }
      const record = await options.registry.putArtifact(
        options.kb,
        version,
        LEXICAL_ARTIFACT,
        await lexical.serialize(),
      );
      return { artifact: LEXICAL_ARTIFACT, analyzer: LEXICAL_ANALYZER, bytes: record.bytes, sha256: record.sha256 };
    },
  };
}

async function open(options: {
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
