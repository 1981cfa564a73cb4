import { createHash } from 'node:crypto';
import type { EmbeddedChunk } from '@ragship/core';
import type { VectorStore } from './vector-store.js';

const MODULUS = 1n << 256n;

/**
 * sha256 of one chunk: id, text, metadata (keys sorted) and the vector as float32 bytes (what
 * stores keep). Vectors must be unit length in ip space (see `embedMany`) so stores hand them
 * back bit-identical.
 */
export function chunkHash(chunk: EmbeddedChunk): bigint {
  const hash = createHash('sha256');
  hash.update(chunk.id).update('\0').update(chunk.text).update('\0');
  const entries = Object.entries(chunk.metadata).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  hash.update(JSON.stringify(entries)).update('\0');
  hash.update(Buffer.from(Float32Array.from(chunk.embedding).buffer));
  return BigInt(`0x${hash.digest('hex')}`);
}

/**
 * An order-free digest of a set of chunks: the sum of their {@link chunkHash}es modulo 2^256,
 * as 64 hex digits. Being a sum, it is updated per delta — add the new chunks, subtract the
 * dropped ones (see {@link combineDigests}) — without reading the unchanged ones back.
 */
export function chunkDigest(chunks: Iterable<EmbeddedChunk>): string {
  let sum = 0n;
  for (const chunk of chunks) sum = addToDigest(sum, chunk);
  return toHex(sum);
}

/** Adds digests in `plus` and subtracts those in `minus`, modulo 2^256. */
export function combineDigests(plus: readonly string[], minus: readonly string[] = []): string {
  let sum = 0n;
  for (const digest of plus) sum = (sum + BigInt(`0x${digest}`)) % MODULUS;
  for (const digest of minus) sum = (sum - BigInt(`0x${digest}`) + MODULUS) % MODULUS;
  return toHex(sum);
}

/** A digest and the number of chunks it covers. */
export interface DigestCount {
  digest: string;
  chunks: number;
}

/**
 * Reads a segment once and returns two {@link chunkDigest}s: of every chunk stored (`all`, what a
 * copy of the segment must match) and of the chunks not in `tombstones` (`live`, what the manifest's
 * per-document digests sum to).
 */
export async function segmentDigests(
  store: VectorStore,
  segment: string,
  tombstones: ReadonlySet<string> = new Set(),
): Promise<SegmentDigests> {
  const tally = new DigestTally(tombstones);
  for await (const page of store.readChunks(segment)) tally.add(page);
  return tally.result();
}

/** The two digests of a segment's copy: of every chunk stored, and of the live ones. */
export interface SegmentDigests {
  all: DigestCount;
  live: DigestCount;
}

/** Running {@link SegmentDigests} over chunks as they are read. */
export class DigestTally {
  private all = 0n;
  private live = 0n;
  private allChunks = 0;
  private liveChunks = 0;

  constructor(private readonly tombstones: ReadonlySet<string> = new Set()) {}

  add(chunks: Iterable<EmbeddedChunk>): void {
    for (const chunk of chunks) {
      const hash = chunkHash(chunk);
      this.all = (this.all + hash) % MODULUS;
      this.allChunks++;
      if (this.tombstones.has(chunk.id)) continue;
      this.live = (this.live + hash) % MODULUS;
      this.liveChunks++;
    }
  }

  result(): SegmentDigests {
    return {
      all: { digest: toHex(this.all), chunks: this.allChunks },
      live: { digest: toHex(this.live), chunks: this.liveChunks },
    };
  }
}

/** The {@link chunkDigest} of a segment as stored, read page by page, skipping `exclude`d ids. */
export async function segmentDigest(
  store: VectorStore,
  segment: string,
  exclude: ReadonlySet<string> = new Set(),
): Promise<DigestCount> {
  return (await segmentDigests(store, segment, exclude)).live;
}

/** Adds one chunk's hash to a running digest sum (a bigint below 2^256). */
export function addToDigest(sum: bigint, chunk: EmbeddedChunk): bigint {
  return addHashToDigest(sum, chunkHash(chunk));
}

/** Adds a {@link chunkHash} already computed to a running digest sum. */
export function addHashToDigest(sum: bigint, hash: bigint): bigint {
  return (sum + hash) % MODULUS;
}

/** A running digest sum as the 64 hex digits {@link chunkDigest} returns. */
export function digestHex(sum: bigint): string {
  return toHex(sum);
}

function toHex(value: bigint): string {
  return value.toString(16).padStart(64, '0');
}

/**
 * What a store holds of chunks just written, read back by id — one request at a time, in the
 * order queued, while the writer goes on — and summed into a {@link DigestTally}: the
 * verification a full read of the segment after the writes would give, without the wait.
 */
export class ReadBack {
  private readonly tally: DigestTally;
  private reading: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: VectorStore,
    private readonly segment: string,
    tombstones?: ReadonlySet<string>,
  ) {
    this.tally = new DigestTally(tombstones);
  }

  /** Queues the read of `ids`, written to the segment; a failure surfaces at {@link result}. */
  queue(ids: readonly string[]): void {
    this.reading = this.reading.then(async () => this.tally.add(await this.store.getEmbeddedChunks(this.segment, ids)));
    this.reading.catch(() => undefined);
  }

  /** Settles once every queued read has, successful or not. */
  settled(): Promise<void> {
    return this.reading.catch(() => undefined);
  }

  /** The digests of everything read back, once every queued read is done. */
  async result(): Promise<SegmentDigests> {
    await this.reading;
    return this.tally.result();
  }
}
