import { RagshipError, type Manifest, type SegmentRef } from '@ragship/core';
import {
  combineDigests,
  copySegment,
  segmentDigests,
  type SegmentDigests as StoredDigests,
  type VectorStore,
} from '@ragship/vector-store';

/** A store that may hold a version's segments, opened only when a segment is looked for there. */
export interface SourceStore {
  environment: string;
  open(): Promise<VectorStore>;
}

/** What a segment needs in the target store. */
export interface SegmentPlan {
  name: string;
  chunks: number;
  /** `present`: the target holds it whole; `copy`: missing or incomplete there. */
  action: 'present' | 'copy';
  /** Chunks the target holds now (0 when the segment is missing). */
  inTarget: number;
}

/** Progress of a materialisation. */
export interface MaterialiseProgress {
  stage: 'copy' | 'verify';
  segment: string;
  /** Chunks copied (or verified) of this segment so far, and in all. */
  done: number;
  total: number;
}

/** What a materialisation did. */
export interface MaterialiseReport {
  segments: (SegmentPlan & { source: string | null; copied: number; verified: boolean })[];
  /** Chunks copied in all. */
  copied: number;
  /** The manifest digest the target's copy was checked against. */
  digest: string;
  durationMs: number;
}

/**
 * Which of the version's segments the target store already holds whole (by count) and which it
 * must receive. Segments are immutable and named the same in every store, so a whole one is the same one.
 */
export async function planSegments(manifest: Manifest, target: VectorStore): Promise<SegmentPlan[]> {
  return Promise.all(
    manifest.segments.map(async (segment): Promise<SegmentPlan> => {
      const inTarget = (await target.hasSegment(segment.name)) ? await target.countChunks(segment.name) : 0;
      return {
        name: segment.name,
        chunks: segment.chunks,
        action: inTarget === segment.chunks ? 'present' : 'copy',
        inTarget,
      };
    }),
  );
}

/**
 * Makes `target` hold the version: every segment it lacks (or holds only in part, after an
 * interrupted copy) is copied from the first source holding it whole — chunks, metadata and
 * vectors exactly, no re-embedding — and verified: the target's copy must equal what was read
 * (digest over every chunk), and its live chunks must sum to the manifest's per-document digests.
 * With `verifyAll`, segments already present are verified too. Throws `VERIFY_FAILED` when a
 * copy still differs after one fresh retry, `SEGMENT_MISSING` when no source holds a segment.
 */
export async function materialiseVersion(options: {
  manifest: Manifest;
  target: VectorStore;
  sources: readonly SourceStore[];
  plan?: SegmentPlan[];
  verifyAll?: boolean;
  signal?: AbortSignal | undefined;
  onProgress?: (progress: MaterialiseProgress) => void;
}): Promise<MaterialiseReport> {
  const started = performance.now();
  const { manifest, target } = options;
  const plan = options.plan ?? (await planSegments(manifest, target));
  const expectedLive = liveDigests(manifest);
  const report: MaterialiseReport['segments'] = [];
  const segments = new Map(manifest.segments.map((segment) => [segment.name, segment]));
  for (const step of plan) {
    const segment = segments.get(step.name);
    if (!segment) {
      throw new RagshipError(
        'INTERNAL',
        `The plan to materialise ${manifest.kb}@${manifest.version} names segment ${step.name}, which the version lacks.`,
      );
    }
    if (step.action === 'present') {
      const verified = Boolean(options.verifyAll);
      if (verified) checkLive(await readStored(target, segment, options.onProgress), segment, expectedLive, target);
      report.push({ ...step, source: null, copied: 0, verified });
      continue;
    }
    const source = await findSource(options.sources, segment, target);
    const copy = () =>
      copySegment({
        from: source.store,
        segment: segment.name,
        to: target,
        create: { dimensions: manifest.embedder.dimensions, metadata: segmentMetadata(manifest) },
        signal: options.signal,
        onCopied: (done) => options.onProgress?.({ stage: 'copy', segment: segment.name, done, total: segment.chunks }),
        // Each page is read back from the target while the next is written: both digests, all
        // chunks (vs. what was read) and live ones (vs. the manifest), without a second pass.
        readBack: { tombstones: new Set(segment.tombstones) },
      });
    const copyAndReadBack = async () => {
      const copied = await copy();
      options.onProgress?.({ stage: 'verify', segment: segment.name, done: segment.chunks, total: segment.chunks });
      return { copied, stored: copied.stored as StoredDigests };
    };
    let { copied, stored } = await copyAndReadBack();
    if (!matchesCopy(stored, segment, copied.digest)) {
      // What the target held before (a partial copy) differs from the source: start it afresh, once.
      await target.deleteSegment(segment.name);
      ({ copied, stored } = await copyAndReadBack());
      if (!matchesCopy(stored, segment, copied.digest)) {
        throw new RagshipError(
          'VERIFY_FAILED',
          `The copy of ${segment.name} in ${target.location} differs from ${source.environment}'s ` +
            `(${source.store.location}) after a fresh retry; the alias was not moved.`,
        );
      }
    }
    checkLive(stored, segment, expectedLive, target);
    report.push({ ...step, source: source.environment, copied: copied.copied, verified: true });
  }
  const total = combineDigests([...expectedLive.values()]);
  if (total !== manifest.digest) {
    throw new RagshipError(
      'VERIFY_FAILED',
      `${manifest.kb}@${manifest.version}'s per-document digests do not add up to its manifest digest; ` +
        'the manifest is inconsistent.',
    );
  }
  return {
    segments: report,
    copied: report.reduce((sum, step) => sum + step.copied, 0),
    digest: manifest.digest,
    durationMs: Math.round(performance.now() - started),
  };
}

/** The live digest each segment must have: the sum of the digests of the documents it holds. */
function liveDigests(manifest: Manifest): Map<string, string> {
  const bySegment = new Map<string, string[]>(manifest.segments.map((segment) => [segment.name, []]));
  for (const document of Object.values(manifest.documents)) bySegment.get(document.segment)?.push(document.digest);
  return new Map([...bySegment].map(([name, digests]) => [name, combineDigests(digests)]));
}

/** Reads the target's copy of a segment once: the digest of all its chunks and of the live ones. */
async function readStored(
  target: VectorStore,
  segment: SegmentRef,
  onProgress: ((progress: MaterialiseProgress) => void) | undefined,
): Promise<StoredDigests> {
  onProgress?.({ stage: 'verify', segment: segment.name, done: 0, total: segment.chunks });
  const stored = await segmentDigests(target, segment.name, new Set(segment.tombstones));
  onProgress?.({ stage: 'verify', segment: segment.name, done: segment.chunks, total: segment.chunks });
  return stored;
}

function matchesCopy(stored: StoredDigests, segment: SegmentRef, digest: string): boolean {
  return stored.all.chunks === segment.chunks && stored.all.digest === digest;
}

/** Throws `VERIFY_FAILED` unless the stored copy has the manifest's chunk count and live digest. */
function checkLive(
  stored: StoredDigests,
  segment: SegmentRef,
  expected: ReadonlyMap<string, string>,
  target: VectorStore,
): void {
  if (stored.all.chunks !== segment.chunks || stored.live.digest !== expected.get(segment.name)) {
    throw new RagshipError(
      'VERIFY_FAILED',
      `${segment.name} in ${target.location} does not match the manifest: ` +
        `${stored.all.chunks} of ${segment.chunks} chunks, live digest ${stored.live.digest.slice(0, 12)}… ` +
        `expected ${(expected.get(segment.name) ?? '').slice(0, 12)}…; the alias was not moved.`,
    );
  }
}

async function findSource(
  sources: readonly SourceStore[],
  segment: SegmentRef,
  target: VectorStore,
): Promise<{ environment: string; store: VectorStore }> {
  const looked: string[] = [];
  for (const source of sources) {
    const store = await source.open();
    if (store.location === target.location && store.kind === target.kind) continue;
    looked.push(`${source.environment} (${store.location})`);
    if ((await store.hasSegment(segment.name)) && (await store.countChunks(segment.name)) === segment.chunks) {
      return { environment: source.environment, store };
    }
  }
  throw new RagshipError(
    'SEGMENT_MISSING',
    `No store holds segment ${segment.name} whole to copy from; looked in ${looked.join(', ') || 'no other store'}.`,
  );
}

function segmentMetadata(manifest: Manifest): Record<string, string> {
  return { kb: manifest.kb, embedder: manifest.embedder.id };
}
