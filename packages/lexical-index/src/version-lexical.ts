import { RagshipError, formatIndexRef, type Manifest } from '@ragship/core';
import { LexicalIndex } from './lexical-index.js';

/** The registry artifact name of a version's lexical index as older ragship stored it: one per version. */
export const LEXICAL_ARTIFACT = 'lexical-index';

/** The registry artifact name of the BM25 index of the version's segment at `position`. */
export function segmentLexicalArtifact(position: number): string {
  return `${LEXICAL_ARTIFACT}.${position}`;
}

/** Reads one of the version's artifacts; undefined when the registry does not have it. */
export type ReadArtifact = (artifact: string) => Promise<Uint8Array | undefined>;

/**
 * The BM25 index a version serves: its segments' indexes merged, each without its tombstones (or
 * the one index older ragship stored); null when the version was built before ragship kept one.
 * Throws `ARTIFACT_MISSING` when an artifact the manifest names is not in the registry.
 */
export async function loadVersionLexical(
  manifest: Manifest,
  version: number,
  read: ReadArtifact,
): Promise<LexicalIndex | null> {
  const { lexical } = manifest;
  if (!lexical) return null;
  const load = async (artifact: string) => {
    const data = await read(artifact);
    if (!data) {
      throw new RagshipError(
        'ARTIFACT_MISSING',
        `${formatIndexRef(manifest.kb, version)}'s lexical index (${artifact}) is not in the registry.`,
      );
    }
    return LexicalIndex.load(data);
  };
  if (!('segments' in lexical)) return load(lexical.artifact);
  const tombstones = new Map(manifest.segments.map((segment) => [segment.name, segment.tombstones]));
  const parts = [];
  for (const ref of lexical.segments) {
    parts.push({ index: await load(ref.artifact), dead: tombstones.get(ref.segment) ?? [] });
  }
  return LexicalIndex.merge(parts);
}
