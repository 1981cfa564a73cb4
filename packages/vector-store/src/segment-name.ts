import { assertKbName } from '@ragship/core';

/**
 * The store-independent name of the base segment a version wrote, e.g. `ragship-docs-v3-base`.
 * The same segment has the same name in every store, so promotion can tell what a store lacks.
 * Valid as a Chroma collection name and a Pinecone namespace.
 */
export function baseSegmentName(kb: string, version: number): string {
  return `ragship-${assertKbName(kb)}-v${version}-base`;
}

/** The name of the delta segment a version wrote on top of its parent's segments. */
export function deltaSegmentName(kb: string, version: number): string {
  return `ragship-${assertKbName(kb)}-v${version}-delta`;
}

/** Every segment name version `version` of `kb` can have written itself (to clean up after a crash). */
export function segmentsOfVersion(kb: string, version: number): string[] {
  return [baseSegmentName(kb, version), deltaSegmentName(kb, version)];
}

/** The kb a segment name belongs to (`ragship-<kb>-v<N>-<part>`), or undefined for other names. */
export function kbOfSegment(name: string): string | undefined {
  return /^ragship-([a-z0-9][a-z0-9_-]*)-v\d+-[a-z]+$/.exec(name)?.[1];
}
