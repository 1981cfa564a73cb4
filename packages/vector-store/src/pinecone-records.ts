import { RagshipError, type Chunk, type ChunkMetadata, type EmbeddedChunk, type MetadataFilter } from '@ragship/core';
import { metadataWithText, splitStoredText } from './text-field.js';

/** Pinecone's limit on one record's metadata, in bytes of JSON. */
export const METADATA_LIMIT_BYTES = 40_960;

/** A record as the Pinecone client upserts and returns it. */
export interface PineconeRecordShape {
  id: string;
  values?: number[];
  metadata?: Record<string, string | number | boolean | string[]>;
}

/**
 * A chunk as a Pinecone record: the chunk's metadata fields plus its text (see {@link metadataWithText}).
 * A chunk whose metadata would pass Pinecone's 40 KB limit, or whose vector is all zeros (which
 * Pinecone refuses), is refused, naming it, before anything is sent: truncating or altering it
 * would change what the version holds and break its digest.
 */
export function toRecord(chunk: EmbeddedChunk): PineconeRecordShape & { bytes: number } {
  const metadata = metadataWithText(chunk);
  const metadataBytes = Buffer.byteLength(JSON.stringify(metadata));
  if (metadataBytes > METADATA_LIMIT_BYTES) {
    throw new RagshipError(
      'CHUNK_TOO_LARGE',
      `Chunk ${chunk.id} of ${chunk.metadata.docId} needs ${metadataBytes} bytes of Pinecone metadata ` +
        `(its text and fields); Pinecone allows ${METADATA_LIMIT_BYTES} per record. ` +
        'Lower chunking.size, or keep this kb on Chroma.',
    );
  }
  if (chunk.embedding.every((value) => Math.abs(value) < 1e-8)) {
    throw new RagshipError(
      'ZERO_VECTOR',
      `Chunk ${chunk.id} of ${chunk.metadata.docId} has an all-zero vector ` +
        '(its text has no terms the embedder knows); Pinecone refuses those. ' +
        'Remove or reword the chunk, or keep this kb on Chroma.',
    );
  }
  // JSON of the vector: up to ~22 bytes per number written out, plus the id and framing.
  const bytes = metadataBytes + chunk.embedding.length * 22 + Buffer.byteLength(chunk.id) + 64;
  return { id: chunk.id, values: chunk.embedding, metadata, bytes };
}

/** A stored record back as a chunk: its text out of the metadata, the rest as they were written. */
export function fromRecord(record: PineconeRecordShape): Chunk {
  const { text, metadata } = splitStoredText(record.metadata);
  return { id: record.id, text, metadata: metadata as unknown as ChunkMetadata };
}

/**
 * As {@link fromRecord}, with the vector. Pinecone keeps float32 and writes each value out in its
 * shortest float32 form (`0.071344`); widening through a Float32Array gives back the exact values
 * written, as Chroma returns them, so copies compare equal across stores.
 */
export function fromRecordWithValues(record: PineconeRecordShape): EmbeddedChunk {
  return { ...fromRecord(record), embedding: Array.from(Float32Array.from(record.values ?? [])) };
}

/** A metadata filter in Pinecone's language: `$eq` or `$in` per key, `$and` over several. */
export function toPineconeFilter(filter: MetadataFilter | undefined): object | undefined {
  if (!filter || Object.keys(filter).length === 0) return undefined;
  const clauses = Object.entries(filter).map(([key, value]) =>
    Array.isArray(value) ? { [key]: { $in: value } } : { [key]: { $eq: value } },
  );
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

/**
 * Splits records into upsert requests within Pinecone's limits: at most `maxRecords` records and
 * about `maxBytes` of JSON each (Pinecone refuses requests over 2 MB or 1000 records).
 */
export function upsertBatches<T extends { bytes: number }>(
  records: readonly T[],
  maxRecords: number,
  maxBytes: number,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    if (current.length > 0 && (current.length >= maxRecords || bytes + record.bytes > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += record.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
