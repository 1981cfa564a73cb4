import { RagshipError, type MetadataValue } from '@ragship/core';

/** The `format` of the head line of a lexical index stored as JSON Lines (what `serialize` writes). */
export const LINES_FORMAT = 'lines-1';

/**
 * The first line of a stored lexical index. In the JSON Lines format it carries the counts of the
 * chunk and term lines that follow. Earlier ragship versions stored the whole index as this one
 * JSON document: `chunks` (a {@link StoredIndex}), or `index` (MiniSearch's serialization) before that.
 */
export interface StoredHead {
  analyzer?: string;
  format?: string;
  chunkCount?: number;
  termCount?: number;
  averageLength?: number;
  chunks?: StoredIndex;
  index?: unknown;
}

/** A chunk line: the chunk's id, its distinct terms, its stored metadata. */
export type StoredChunk = [id: string, length: number, metadata: Record<string, MetadataValue> | null];

/** A term line: the term, the numbers of the chunks holding it as gaps from the one before, and how often each holds it. */
export type StoredTerm = [term: string, gaps: number[], frequencies: number[]];

/**
 * A lexical index as earlier ragship versions stored it in one JSON document: per chunk number its
 * id, metadata and distinct terms; the running average of those; and per term its postings as in
 * a {@link StoredTerm}.
 */
export interface StoredIndex {
  ids: string[];
  metadata: (Record<string, MetadataValue> | null)[];
  lengths: number[];
  averageLength: number;
  postings: StoredTerm[];
}

/** What MiniSearch's `toJSON` wrote (serialization version 2), as far as the index used it: one field, `metadata` stored. */
interface MiniSearchJson {
  documentIds: Record<string, string>;
  fieldLength: Record<string, number[]>;
  storedFields: Record<string, { metadata?: Record<string, MetadataValue> }>;
  averageFieldLength: number[];
  index: [string, Record<string, Record<string, number>>][];
  serializationVersion?: number;
}

/**
 * The {@link StoredIndex} of an index the MiniSearch-based LexicalIndex of earlier ragship
 * versions wrote, so versions built by them keep serving with the same scores.
 */
export function readMiniSearchIndex(value: unknown): StoredIndex {
  const json = value as Partial<MiniSearchJson>;
  if (json.serializationVersion !== 2 || !json.documentIds || !json.index || !json.fieldLength) {
    throw new RagshipError(
      'LEXICAL_INDEX_INCOMPATIBLE',
      'The lexical index is in a format this ragship cannot read. Re-ingest to rebuild it.',
    );
  }
  const documents = Object.entries(json.documentIds)
    .map(([shortId, id]) => [Number(shortId), id] as const)
    .sort((a, b) => a[0] - b[0]);
  const shortIds = documents.map(([shortId]) => shortId);
  const numberOf = new Map(shortIds.map((shortId, doc) => [shortId, doc]));
  const postings: StoredIndex['postings'] = [];
  for (const [term, fields] of json.index) {
    const entries = Object.entries(fields['0'] ?? {})
      .map(([shortId, frequency]) => [numberOf.get(Number(shortId)), frequency] as const)
      .filter((entry): entry is readonly [number, number] => entry[0] !== undefined)
      .sort((a, b) => a[0] - b[0]);
    if (entries.length === 0) continue;
    let previous = 0;
    postings.push([
      term,
      entries.map(([doc]) => {
        const gap = doc - previous;
        previous = doc;
        return gap;
      }),
      entries.map(([, frequency]) => frequency),
    ]);
  }
  return {
    ids: documents.map(([, id]) => id),
    metadata: shortIds.map((shortId) => json.storedFields?.[shortId]?.metadata ?? null),
    lengths: shortIds.map((shortId) => json.fieldLength?.[shortId]?.[0] ?? 0),
    averageLength: json.averageFieldLength?.[0] ?? 0,
    postings,
  };
}
