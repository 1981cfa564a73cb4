import type { ChunkMetadata, MetadataValue } from './chunk.js';

/**
 * A filter on chunk metadata: every key must match, a key matching when the chunk's value equals
 * the given value or one of the given values. Keys are the filterable fields or `meta.<field>`
 * (document fields of JSON records).
 */
export type MetadataFilter = Record<string, MetadataValue | MetadataValue[]>;

/** Chunk metadata fields a filter may name, besides `meta.<field>`. */
export const FILTERABLE_FIELDS = ['docId', 'source', 'title', 'format', 'language', 'headingPath'] as const;

/** True for `docId`, `format`, …, and `meta.<field>`. */
export function isFilterableField(key: string): boolean {
  return (FILTERABLE_FIELDS as readonly string[]).includes(key) || /^meta\.[^\s]{1,64}$/.test(key);
}

/** Whether `metadata` satisfies every clause of `filter`. */
export function matchesFilter(metadata: object, filter: MetadataFilter): boolean {
  return Object.entries(filter).every(([key, wanted]) => {
    const value = (metadata as Record<string, unknown>)[key];
    return Array.isArray(wanted) ? wanted.some((item) => item === value) : wanted === value;
  });
}

/** The filterable part of a chunk's metadata, as the lexical index keeps it. */
export function filterableMetadata(metadata: ChunkMetadata): Record<string, MetadataValue> {
  const kept: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(metadata)) {
    if (isFilterableField(key) && value !== undefined) kept[key] = value as MetadataValue;
  }
  return kept;
}
