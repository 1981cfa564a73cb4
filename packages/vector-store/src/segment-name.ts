import { assertKbName } from '@ragship/core';

/**
 * The store-independent name of a version's base segment, e.g. `ragship-docs-v3-base`. The
 * same segment has the same name in every store, so promotion can tell what a store lacks.
 * Valid as a Chroma collection name and a Pinecone namespace.
 */
export function baseSegmentName(kb: string, version: number): string {
  return `ragship-${assertKbName(kb)}-v${version}-base`;
}
