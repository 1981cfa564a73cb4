import type { EmbeddedChunk } from '@ragship/core';
import { ReadBack, addToDigest, digestHex, type SegmentDigests } from './chunk-digest.js';
import type { CreateSegmentOptions, VectorStore } from './vector-store.js';

/** Options of {@link copySegment}. */
export interface CopySegmentOptions {
  /** The store to read from. */
  from: VectorStore;
  /** The segment to read. */
  segment: string;
  /** The store to write to; may be `from` itself. */
  to: VectorStore;
  /** The segment to write, created if missing. Default `segment` (the same name in another store). */
  target?: string;
  /** Settings of the target segment if it has to be created. */
  create: CreateSegmentOptions;
  /** Ids to leave out (tombstones, when folding a chain into a new base). */
  exclude?: ReadonlySet<string>;
  /** Chunks read per page. Default 1000. */
  pageSize?: number;
  signal?: AbortSignal | undefined;
  /** Called after each page is written with the running number of chunks copied. */
  onCopied?: (copied: number) => void;
  /**
   * Reads each written page back from the target by id, while the next page is written, and
   * returns the target's digests (`stored`): as {@link segmentDigests} would give after the copy,
   * with `tombstones` left out of `live`, without a second pass over the segment.
   */
  readBack?: { tombstones?: ReadonlySet<string> };
}

/** What {@link copySegment} did. */
export interface CopyResult {
  /** Chunks sent to the target. */
  copied: number;
  /** The digest of the chunks read from the source (and sent). */
  digest: string;
  /**
   * With `readBack`: the digests of the sent chunks as the target holds them, and `all.chunks`
   * the target's count, so chunks it held before and the source lacks show as a mismatch.
   */
  stored?: SegmentDigests;
}

/**
 * Copies a segment's chunks with their vectors — no re-embedding — page by page, reading the next
 * page while the current two are written. Chunks whose id the target already holds are left as they
 * are (stores ignore them), so a copy interrupted half way is finished by running it again.
 * Returns the number of chunks sent and the digest of what was read, for the caller to verify the
 * target against (with `readBack`, also what the target holds).
 */
export async function copySegment(options: CopySegmentOptions): Promise<CopyResult> {
  const { from, to, exclude } = options;
  const target = options.target ?? options.segment;
  await to.createSegment(target, options.create);
  const pages = from.readChunks(options.segment, { pageSize: options.pageSize ?? 1000 })[Symbol.asyncIterator]();
  let copied = 0;
  let sum = 0n;
  let next = pages.next();
  const readBack = options.readBack ? new ReadBack(to, target, options.readBack.tombstones) : null;
  // Pages being written, oldest first: the store has the next one queued while it answers one.
  const writes: Promise<void>[] = [];
  try {
    for (;;) {
      const page = await next;
      if (page.done) break;
      options.signal?.throwIfAborted();
      next = pages.next();
      // Marks a failed read handled while the writes run; it still surfaces at the next await.
      next.catch(() => undefined);
      const chunks: EmbeddedChunk[] = exclude ? page.value.filter((chunk) => !exclude.has(chunk.id)) : page.value;
      if (chunks.length === 0) continue;
      for (const chunk of chunks) sum = addToDigest(sum, chunk);
      if (writes.length >= WRITES_IN_FLIGHT) {
        await writes.shift();
        options.signal?.throwIfAborted();
      }
      const write = to.addChunks(target, chunks).then(() => {
        readBack?.queue(chunks.map((chunk) => chunk.id));
        copied += chunks.length;
        options.onCopied?.(copied);
      });
      write.catch(() => undefined);
      writes.push(write);
    }
    await Promise.all(writes);
  } catch (error) {
    // Nothing of this copy is left running when the caller cleans up after the failure.
    await Promise.allSettled([...writes, readBack?.settled()]);
    throw error;
  }
  if (!readBack) return { copied, digest: digestHex(sum) };
  const stored = await readBack.result();
  return {
    copied,
    digest: digestHex(sum),
    stored: { ...stored, all: { ...stored.all, chunks: await to.countChunks(target) } },
  };
}

/** Pages written at once: one answered by the store while the next is queued. */
const WRITES_IN_FLIGHT = 2;
