import {
  RagshipError,
  parseVersion,
  type Chunk,
  type LexicalRef,
  type LexicalSegmentRef,
  type Manifest,
  type SegmentRef,
} from '@ragship/core';
import { LEXICAL_ANALYZER, LexicalIndex, lexicalEntry, segmentLexicalArtifact } from '@ragship/lexical-index';
import type { Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';

/** Builds the BM25 index of the segment a run writes, and stores every segment's index with the version. */
export interface LexicalBuilder {
  /** Indexes a document's chunks, written to this run's segment. */
  add(chunks: readonly Chunk[]): void;
  /**
   * Stores the BM25 index of each of the version's `segments` with it: this run's own segment
   * (`own`) from what was added, the parent's segments as the parent stored them (each version
   * keeps its own copy, so deleting the parent loses nothing), and a segment compacted from
   * `compactedFrom` (the chain before compaction) as those segments' indexes merged without their
   * tombstones. Throws `VERIFY_FAILED` when an index does not hold its segment's chunks.
   */
  save(
    version: number,
    segments: readonly SegmentRef[],
    written: { own: string | null; compactedFrom: readonly SegmentRef[] | null },
  ): Promise<LexicalRef>;
}

/**
 * The lexical indexes of one run. A run indexes only the chunks it writes; a delta version's
 * search merges its segments' indexes (see `loadVersionLexical`), so a small change never loads or
 * re-saves the base's index. A parent built by older ragship has no per-segment indexes; its
 * segments' are rebuilt once from their chunks in the store.
 */
export function createLexicalBuilder(options: {
  kb: string;
  registry: Registry;
  store: VectorStore;
  parent: Manifest | null;
}): LexicalBuilder {
  const { kb, registry, store, parent } = options;
  // Released once saved: at the end of a large run it is the biggest thing held, and the manifest is written after it.
  let own: LexicalIndex | null = LexicalIndex.create();
  const parentRefs = new Map(
    parent?.lexical && 'segments' in parent.lexical
      ? parent.lexical.segments.map((ref) => [ref.segment, ref] as const)
      : [],
  );

  /** The parent's stored index of `segment` as bytes, or null when the parent has none for it. */
  async function parentBytes(segment: SegmentRef): Promise<Uint8Array | null> {
    const ref = parentRefs.get(segment.name);
    if (!ref || !parent) return null;
    const stored = await registry.getArtifact(kb, parseVersion(parent.version), ref.artifact);
    if (!stored) {
      throw new RagshipError(
        'ARTIFACT_MISSING',
        `${kb}@${parent.version}'s lexical index of ${segment.name} (${ref.artifact}) is not in the registry.`,
      );
    }
    return stored.data;
  }

  /** Every chunk stored in an inherited segment, tombstones included, indexed from the store. */
  async function indexFromStore(segment: SegmentRef): Promise<LexicalIndex> {
    const index = LexicalIndex.create();
    for await (const page of store.readChunks(segment.name)) index.add(page.map(lexicalEntry));
    return index;
  }

  async function inherited(segment: SegmentRef): Promise<LexicalIndex> {
    const bytes = await parentBytes(segment);
    return bytes ? LexicalIndex.load(bytes) : indexFromStore(segment);
  }

  function ownIndex(): LexicalIndex {
    if (!own) throw new RagshipError('INTERNAL', 'The lexical index of this run was already saved.');
    return own;
  }

  /** The index of this run's own segment, no longer held here once taken (a save takes it). */
  function takeOwn(): LexicalIndex {
    const taken = ownIndex();
    own = null;
    return taken;
  }

  /** The serialized index of `segment` and the number of chunks it holds. */
  async function indexOf(
    segment: SegmentRef,
    written: { own: string | null; compactedFrom: readonly SegmentRef[] | null },
  ): Promise<{ data: Uint8Array; chunks: number }> {
    if (segment.name === written.own) {
      const index = takeOwn();
      return { data: await index.serialize(), chunks: index.size };
    }
    if (written.compactedFrom) {
      const parts = [];
      for (const from of written.compactedFrom) {
        parts.push({ index: from.name === written.own ? takeOwn() : await inherited(from), dead: from.tombstones });
      }
      const merged = LexicalIndex.merge(parts);
      return { data: await merged.serialize(), chunks: merged.size };
    }
    const bytes = await parentBytes(segment);
    if (bytes) return { data: bytes, chunks: parentRefs.get(segment.name)?.chunks ?? 0 };
    const index = await indexFromStore(segment);
    return { data: await index.serialize(), chunks: index.size };
  }

  return {
    add(chunks) {
      ownIndex().add(chunks.map(lexicalEntry));
    },
    async save(version, segments, written) {
      const refs: LexicalSegmentRef[] = [];
      for (const [position, segment] of segments.entries()) {
        const { data, chunks } = await indexOf(segment, written);
        if (chunks !== segment.chunks) {
          throw new RagshipError(
            'VERIFY_FAILED',
            `The lexical index of ${segment.name} holds ${chunks} chunks; the segment has ${segment.chunks}.`,
          );
        }
        const artifact = segmentLexicalArtifact(position);
        const record = await registry.putArtifact(kb, version, artifact, data);
        refs.push({ segment: segment.name, artifact, chunks, bytes: record.bytes, sha256: record.sha256 });
      }
      return { analyzer: LEXICAL_ANALYZER, segments: refs };
    },
  };
}
