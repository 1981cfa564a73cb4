import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';

/** One cached vector: the sha256 (hex) of the text and the vector stored for it. */
export interface EmbeddingCacheEntry {
  hash: string;
  vector: readonly number[];
}

/**
 * Vectors already computed, keyed by embedder id and the sha256 of the text, so re-ingesting
 * unchanged text costs no provider call. Vectors are kept as float32, the precision vector
 * stores keep; what comes out is exactly what went in after rounding to float32.
 */
export interface EmbeddingCache {
  /** The cached vectors among `textHashes` for `embedderId`, by hash; absent hashes are misses. */
  getMany(embedderId: string, textHashes: readonly string[]): Map<string, number[]>;
  /** Stores (or replaces) vectors for `embedderId`, all in one transaction. */
  putMany(embedderId: string, entries: readonly EmbeddingCacheEntry[]): void;
  /** Closes the database file. */
  close(): void;
}

/** Options of {@link createEmbeddingCache}. */
export interface EmbeddingCacheOptions {
  /** SQLite file, created with its directory when missing; `:memory:` for a cache that lives as long as the process. */
  file: string;
  /** How long to wait for another process's write lock, in milliseconds. Default 5000. */
  busyTimeoutMs?: number;
}

/** Opens (or creates) a persistent {@link EmbeddingCache} in a SQLite file (WAL mode). */
export function createEmbeddingCache(options: EmbeddingCacheOptions): EmbeddingCache {
  if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
  const database = new DatabaseSync(options.file);
  database.exec(`PRAGMA busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  database.exec('PRAGMA journal_mode = WAL');
  // A cache: a power cut may lose the last batches written (they are embedded again), never the
  // file's integrity, and each batch's commit no longer waits for the disk (a fifth of ingest's
  // embedding time on SciFact).
  database.exec('PRAGMA synchronous = NORMAL');
  database.exec(`
    CREATE TABLE IF NOT EXISTS embeddings (
      embedder_id TEXT NOT NULL,
      text_hash TEXT NOT NULL,
      vector BLOB NOT NULL,
      PRIMARY KEY (embedder_id, text_hash)
    ) WITHOUT ROWID
  `);
  const select = database.prepare('SELECT vector FROM embeddings WHERE embedder_id = ? AND text_hash = ?');
  const upsert = database.prepare(
    'INSERT INTO embeddings (embedder_id, text_hash, vector) VALUES (?, ?, ?) ' +
      'ON CONFLICT (embedder_id, text_hash) DO UPDATE SET vector = excluded.vector',
  );

  return {
    getMany(embedderId, textHashes) {
      const found = new Map<string, number[]>();
      for (const hash of textHashes) {
        const row = select.get(embedderId, hash);
        if (row && row.vector instanceof Uint8Array) found.set(hash, decodeFloat32(row.vector));
      }
      return found;
    },
    putMany(embedderId, entries) {
      if (entries.length === 0) return;
      database.exec('BEGIN IMMEDIATE');
      try {
        for (const entry of entries) upsert.run(embedderId, entry.hash, encodeFloat32(entry.vector));
        database.exec('COMMIT');
      } catch (error) {
        database.exec('ROLLBACK');
        throw error;
      }
    },
    close: () => database.close(),
  };
}

// Little-endian whatever the machine, so a cache file means the same everywhere.
function encodeFloat32(vector: readonly number[]): Uint8Array {
  const bytes = new Uint8Array(vector.length * 4);
  const view = new DataView(bytes.buffer);
  vector.forEach((value, index) => view.setFloat32(index * 4, value, true));
  return bytes;
}

function decodeFloat32(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: Math.floor(bytes.byteLength / 4) }, (_, index) => view.getFloat32(index * 4, true));
}
