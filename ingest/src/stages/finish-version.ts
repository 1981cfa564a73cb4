import {
  RagshipError,
  formatVersion,
  type LexicalRef,
  type Manifest,
  type ManifestDocument,
  type SegmentRef,
} from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { VersionRecord } from '@ragship/registry';
import type { StageClock } from '@ragship/telemetry';
import { baseSegmentName, combineDigests, segmentDigest } from '@ragship/vector-store';
import { compactSegments } from '../incremental/compact-segments.js';
import { compactionReason, planSegments } from '../incremental/plan-segments.js';
import type { IngestOptions } from '../ingest-options.js';
import { runCounts, type IngestResult } from '../ingest-result.js';
import type { LexicalBuilder } from '../version/lexical-builder.js';
import type { VersionWriter } from '../version/version-writer.js';
import type { NewDocument } from './embed-and-write.js';
import type { LoadedDocuments } from './load-and-validate.js';
import type { RunPlan } from './plan-run.js';
import type { RunProgress } from './run-progress.js';
import { sourceFingerprint, type RunSummary } from './run-outcome.js';

/** A run whose documents are all read and written, as the finish stage takes it over. */
export interface FinishingRun {
  options: IngestOptions;
  plan: RunPlan;
  /** The run's embedder; its id and dimensions go into the manifest. */
  embedder: Embedder;
  clock: StageClock;
  progress: RunProgress;
  writer: VersionWriter;
  lexical: LexicalBuilder;
  found: LoadedDocuments;
  /** Entries of the documents written, moved into the manifest as it is built. */
  written: Map<string, NewDocument>;
  /** Ids of the parent's documents this run no longer found. */
  removed: readonly string[];
  summary: RunSummary;
  /** Milliseconds since the run started. */
  elapsed: () => number;
}

/** What the version holds once its segments are settled. */
interface VersionContents {
  documents: Record<string, ManifestDocument>;
  segments: SegmentRef[];
  /** Live chunks. */
  total: number;
  digest: string;
  lexical: LexicalRef;
}

/**
 * The finish stage: verifies that the store holds what was written, completes the documents'
 * manifest entries, lays out the version's segments (the parent's with the chunks of changed and
 * removed documents tombstoned, plus this run's), compacts the chain into a new base when it is due,
 * stores the BM25 indexes, and marks the version `ready` with its manifest.
 */
export async function finishVersion(run: FinishingRun): Promise<IngestResult> {
  const { options, writer, clock } = run;
  run.progress.report('verify', writer.totals);
  await clock.time('write', () => writer.verify());
  const record = await writer.version();
  const delta = writer.segment;
  const superseded = supersededDocuments(run);
  const documents = completeDocuments(run, delta);
  const chain = versionSegments(run, record, superseded, delta);
  const digest = combineDigests(Object.values(documents).map((document) => document.digest));
  const total = Object.values(documents).reduce((sum, document) => sum + document.chunks, 0);

  const compacted = run.plan.buildsOn
    ? compactionReason(chain, { maxDeltas: 2, maxChangedRatio: 0.1, ...options.compaction })
    : null;
  const segments = compacted ? await compactChain(run, record, chain, documents, { digest, total }) : chain;
  const lexical = await run.lexical.save(record.version, segments, {
    own: delta,
    compactedFrom: compacted ? chain : null,
  });

  const manifest = versionManifest(run, record, { documents, segments, total, digest, lexical });
  await clock.time('write', () => options.registry.finishVersion(options.kb, record.version, 'ready', manifest));
  return {
    ...run.summary,
    version: manifest.version,
    status: 'ready',
    chunks: {
      total,
      embedded: writer.totals.embedded,
      reused: total - writer.totals.written,
      written: writer.totals.written,
      cached: writer.totals.cached,
    },
    compacted,
    segments: segments.length,
    durationMs: run.elapsed(),
  };
}

/** The parent's entries of the documents this run changed or removed: their chunks become tombstones. */
function supersededDocuments(run: FinishingRun): ManifestDocument[] {
  const { buildsOn } = run.plan;
  if (!buildsOn) return [];
  return [...run.written.keys(), ...run.removed].flatMap((docId) => buildsOn.documents[docId] ?? []);
}

/**
 * The version's documents: the unchanged ones as the parent had them, and each written one with
 * its chunk ids, digest and segment. Each written entry moves into the manifest as it is built, so
 * none is held twice.
 */
function completeDocuments(run: FinishingRun, delta: string | null): Record<string, ManifestDocument> {
  const { documents } = run.found;
  for (const [docId, entry] of run.written) {
    documents[docId] = { ...entry, ...run.writer.takeWritten(docId), segment: delta ?? '' };
    run.written.delete(docId);
  }
  return documents;
}

/** The parent's segments with `superseded` tombstoned plus this run's delta, or this run's base alone. */
function versionSegments(
  run: FinishingRun,
  record: VersionRecord,
  superseded: readonly ManifestDocument[],
  delta: string | null,
): SegmentRef[] {
  const { buildsOn } = run.plan;
  const written = run.writer.totals.written;
  if (!buildsOn) {
    return [{ name: delta ?? baseSegmentName(run.options.kb, record.version), chunks: written, tombstones: [] }];
  }
  return planSegments({
    parentSegments: buildsOn.segments,
    superseded,
    delta: delta ? { name: delta, chunks: written } : null,
  });
}

/** Folds the chain into a new base holding the live chunks, verifies it, and drops this run's delta. */
async function compactChain(
  run: FinishingRun,
  record: VersionRecord,
  chain: readonly SegmentRef[],
  live: Record<string, ManifestDocument>,
  expected: { digest: string; total: number },
): Promise<SegmentRef[]> {
  const { kb, store, signal } = run.options;
  const { embedder, writer } = run;
  run.progress.report('compact', writer.totals);
  const base = baseSegmentName(kb, record.version);
  await compactSegments({
    store,
    segments: chain,
    target: base,
    dimensions: embedder.dimensions,
    metadata: { kb, version: formatVersion(record.version), embedder: embedder.id },
    signal,
  });
  const stored = await segmentDigest(store, base);
  if (stored.chunks !== expected.total || stored.digest !== expected.digest) {
    throw new RagshipError('VERIFY_FAILED', `Compacted segment ${base} does not match the version's chunks.`);
  }
  if (writer.segment) await store.deleteSegment(writer.segment);
  for (const document of Object.values(live)) document.segment = base;
  return [{ name: base, chunks: expected.total, tombstones: [] }];
}

/** The manifest of the version, `ready`. */
function versionManifest(run: FinishingRun, record: VersionRecord, contents: VersionContents): Manifest {
  const { options, plan, embedder, found } = run;
  const { documents, total } = contents;
  const { input } = plan;
  return {
    kb: options.kb,
    version: formatVersion(record.version),
    parent: run.summary.parent,
    status: 'ready',
    createdAt: record.createdAt,
    sourceFingerprint: sourceFingerprint(documents),
    ...(input === null ? {} : { inputFingerprint: input.fingerprint, inputFiles: input.files }),
    // A folder records nothing its path and fingerprint do not already say.
    ...(plan.snapshot.record.kind === 'directory' ? {} : { source: plan.snapshot.record }),
    documents,
    chunking: plan.chunking,
    embedder: { id: embedder.id, dimensions: embedder.dimensions },
    pipelineVersion: options.pipelineVersion,
    counts: { documents: Object.keys(documents).length, chunks: total, rejected: found.rejected.length },
    validation: { settings: { ...options.validation }, rejected: found.rejected, flagged: found.flagged },
    eval: null,
    digest: contents.digest,
    segments: contents.segments,
    lexical: contents.lexical,
    ...(options.environment ? { builtIn: { environment: options.environment, store: options.store.location } } : {}),
    run: runCounts(run.summary.documents, run.writer.totals, total, run.elapsed()),
  };
}
