import {
  RagshipError,
  assertKbName,
  formatVersion,
  periodicYield,
  type FlaggedDocument,
  type IngestSettings,
  type Manifest,
  type ManifestDocument,
  type RejectedDocument,
  type ValidationSettings,
} from '@ragship/core';
import type { EmbeddingCache, Embedder } from '@ragship/embeddings';
import { StageClock, type Tracing } from '@ragship/telemetry';
import { recordIngestRun, timedEmbedder } from './ingest-trace.js';
import type { Registry, VersionRecord } from '@ragship/registry';
import {
  baseSegmentName,
  combineDigests,
  deltaSegmentName,
  segmentDigest,
  type VectorStore,
} from '@ragship/vector-store';
import { createDocumentChunker, SPLITTER_ID, type ChunkingSettings } from './chunk-document.js';
import { createLexicalBuilder } from './lexical-builder.js';
import { missingSegmentsReason, rebuildReason } from './rebuild-reason.js';
import { compactSegments } from './compact-segments.js';
import { runCounts, type IngestProgress, type IngestResult } from './ingest-result.js';
import { loadDirectory } from './loaders/index.js';
import { compactionReason, planSegments, type CompactionPolicy } from './plan-segments.js';
import { recoverInterruptedRuns } from './recover-interrupted-runs.js';
import { currentRunOwner, isRunAlive } from './run-owner.js';
import type { SkippedFile } from './source-document.js';
import { createValidator, exceedsBudget, parseRejectionBudget } from './validation/index.js';
import { inputFingerprint } from './input-fingerprint.js';
import { budgetError, parentSummary, sourceFingerprint, unchangedResult } from './run-outcome.js';
import { createVersionWriter } from './version-writer.js';

/** Everything one ingestion run needs, injected. */
export interface IngestOptions {
  /** Directory to ingest. */
  directory: string;
  kb: string;
  registry: Registry;
  /** The store of the environment the run builds into. */
  store: VectorStore;
  /** The environment whose store that is, recorded in the manifest (`builtIn`) so promotion knows where to copy from. */
  environment?: string;
  embedder: Embedder;
  /** Persistent (embedder id, text hash) → vector cache; unchanged text is never embedded twice. */
  cache?: EmbeddingCache | undefined;
  chunking: ChunkingSettings;
  validation: ValidationSettings;
  ingest: IngestSettings;
  /** Git SHA of the pipeline code when known. */
  pipelineVersion: string;
  compaction?: Partial<CompactionPolicy>;
  /** Estimated number of documents, for progress; optional. */
  totalDocuments?: number;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
  /** Where the run's spans go (one per stage). Default: off. */
  tracing?: Tracing;
  /** For tests: who this run is, and how to tell a dead run. */
  owner?: string;
  isRunAlive?: (owner: string | null) => boolean;
}

/**
 * Builds a new immutable version of `kb` from the files under `directory`, streaming: each
 * document is loaded, validated, compared with the last ready version, and — if new or changed —
 * chunked, embedded (through the cache) and written in batches to a delta segment. Unchanged
 * documents keep their chunks and vectors in the parent's segments; changed and removed ones are
 * tombstoned there. A changed chunker or embedder rebuilds everything into a new base and says
 * so. Nothing changed → no version (`version: null`). The version stays `building` until every
 * chunk is written and the count and digest are verified; a failed run is marked `failed` and its
 * segment deleted, and a run killed outright is cleaned up by the next one.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const clock = new StageClock();
  const startedAt = Date.now();
  try {
    const result = await build(options, clock);
    recordIngestRun(options, clock, startedAt, result);
    return result;
  } catch (error) {
    recordIngestRun(options, clock, startedAt, undefined, error);
    throw error;
  }
}

async function build(options: IngestOptions, clock: StageClock): Promise<IngestResult> {
  const started = performance.now();
  const { kb, registry, store, signal } = options;
  const embedder = timedEmbedder(options.embedder, clock);
  assertKbName(kb);
  const settings = options.ingest;
  const budget = settings.maxRejected === undefined ? undefined : parseRejectionBudget(settings.maxRejected);
  // One read of the versions serves both: recovery only moves `building` ones to `failed`.
  const versions = await registry.listVersions(kb);
  const recovered = await recoverInterruptedRuns({
    kb,
    registry,
    store,
    versions,
    isRunAlive: options.isRunAlive ?? isRunAlive,
  });

  const parent = versions.find((record) => record.status === 'ready');
  const parentManifest = parent?.manifest ?? null;
  const chunking = { splitter: SPLITTER_ID, ...options.chunking };
  const fullRebuild =
    rebuildReason(parentManifest, chunking, embedder, options.validation) ??
    (await missingSegmentsReason(parentManifest, store));
  const incremental = parentManifest !== null && fullRebuild === null;
  const parentDocuments = parentManifest?.documents ?? {};
  const input = await clock.time('load', () =>
    inputFingerprint(options.directory, settings, incremental ? parentManifest.inputFiles : undefined),
  );
  if (incremental && input !== null && parentManifest.inputFingerprint === input.fingerprint) {
    const summary = parentSummary(parentManifest, recovered.map(formatVersion));
    return unchangedResult(summary, parentManifest, Math.round(performance.now() - started));
  }

  const writer = createVersionWriter({
    kb,
    registry,
    store,
    embedder,
    cache: options.cache,
    parent: parent?.version ?? null,
    owner: options.owner ?? currentRunOwner(),
    batchSize: settings.batchSize,
    concurrency: settings.concurrency,
    segmentName: (version) => (incremental ? deltaSegmentName(kb, version) : baseSegmentName(kb, version)),
    signal,
    onWritten: (totals) => report('write', totals),
  });
  const progress = { documents: 0, chunks: 0 };
  const report = (stage: IngestProgress['stage'], totals = writer.totals) =>
    options.onProgress?.({ stage, totalDocuments: options.totalDocuments, ...progress, ...totals });

  const lexical = createLexicalBuilder({ kb, registry, store, parent: parentManifest });
  const validator = createValidator(options.validation);
  const parentFlagged = new Map(parentManifest?.validation.flagged.map((entry) => [entry.docId, entry]));
  const chunker = createDocumentChunker(options.chunking);
  const documents: Record<string, ManifestDocument> = {};
  const changes = { added: 0, changed: 0, unchanged: 0 };
  const rejected: RejectedDocument[] = [];
  const flagged: FlaggedDocument[] = [];
  const skipped: SkippedFile[] = [];
  const newDocuments = new Map<string, Omit<ManifestDocument, 'chunkIds' | 'segment' | 'digest'>>();

  // Loading, validating and chunking resolve their awaits at once, so without a turn now and then
  // the store's add requests in flight would wait for this loop to send their bodies and read
  // their answers (the store sat idle ~40% of a SciFact run that way).
  const yieldTurn = periodicYield(1);
  try {
    for await (const item of clock.timeIterable(
      'load',
      loadDirectory(options.directory, { exclude: settings.exclude }),
    )) {
      signal?.throwIfAborted();
      await yieldTurn();
      if (item.kind === 'skipped') {
        skipped.push(item.skipped);
        continue;
      }
      progress.documents++;
      const previous = item.kind === 'invalid' ? undefined : parentDocuments[item.document.docId];
      // Redaction keeps the original contentHash, so this holds for the validated document too.
      const unchanged = item.kind !== 'invalid' && previous?.contentHash === item.document.contentHash;
      const outcome =
        item.kind === 'invalid'
          ? {
              status: 'rejected' as const,
              rejected: { docId: item.docId, rule: 'invalid-record', reason: item.reason },
            }
          : clock.timeSync('validate', () =>
              incremental && unchanged
                ? validator.known(item.document, parentFlagged.get(item.document.docId))
                : validator.check(item.document),
            );
      if (outcome.status === 'rejected') {
        rejected.push(outcome.rejected);
        if (budget && budget.kind === 'count' && exceedsBudget(budget, rejected.length, progress.documents)) {
          throw budgetError(rejected.length, progress.documents, settings.maxRejected);
        }
        continue;
      }
      const { document } = outcome;
      if (outcome.flagged) flagged.push(outcome.flagged);
      if (unchanged) {
        changes.unchanged++;
        if (incremental && previous) {
          documents[document.docId] = previous;
          continue;
        }
      } else if (previous) changes.changed++;
      else changes.added++;
      const chunks = await clock.time('chunk', async () => {
        const made = await chunker.chunk(document, outcome.flagged?.flags ?? []);
        lexical.add(made);
        return made;
      });
      progress.chunks += chunks.length;
      newDocuments.set(document.docId, {
        contentHash: document.contentHash,
        source: document.source,
        title: document.title,
        modifiedAt: document.modifiedAt,
        chunks: chunks.length,
      });
      await clock.time('write', () => writer.add(document.docId, chunks));
      if (progress.documents % 100 === 0) report('load');
    }
    await clock.time('write', () => writer.flush());
    report('load');

    const removed = Object.keys(parentDocuments).filter((docId) => !documents[docId] && !newDocuments.has(docId));
    if (budget && exceedsBudget(budget, rejected.length, progress.documents)) {
      throw budgetError(rejected.length, progress.documents, settings.maxRejected);
    }
    const summary = {
      kb,
      parent: parent ? formatVersion(parent.version) : null,
      documents: { ...changes, removed: removed.length, rejected: rejected.length, flagged: flagged.length },
      fullRebuild: parentManifest ? fullRebuild : null,
      recovered: recovered.map(formatVersion),
      rejected,
      flagged,
      skipped,
    };
    if (parentManifest && incremental && newDocuments.size === 0 && removed.length === 0) {
      return unchangedResult(summary, parentManifest, Math.round(performance.now() - started));
    }
    if (progress.documents - rejected.length === 0) {
      throw new RagshipError('NOTHING_TO_INGEST', `No ingestible documents under ${options.directory}.`);
    }

    report('verify');
    await clock.time('write', () => writer.verify());
    const record = await writer.version();
    const delta = writer.segment;
    const superseded = incremental
      ? [...newDocuments.keys(), ...removed].flatMap((docId) => parentDocuments[docId] ?? [])
      : [];
    // Each new document's entry moves into the manifest as it is built, so none is held twice.
    for (const [docId, entry] of newDocuments) {
      documents[docId] = { ...entry, ...writer.takeWritten(docId), segment: delta ?? '' };
      newDocuments.delete(docId);
    }
    let segments = incremental
      ? planSegments({
          parentSegments: parentManifest.segments,
          superseded,
          delta: delta ? { name: delta, chunks: writer.totals.written } : null,
        })
      : [{ name: delta ?? baseSegmentName(kb, record.version), chunks: writer.totals.written, tombstones: [] }];
    const digest = combineDigests(Object.values(documents).map((document) => document.digest));
    const total = Object.values(documents).reduce((sum, document) => sum + document.chunks, 0);

    const compacted = incremental
      ? compactionReason(segments, { maxDeltas: 2, maxChangedRatio: 0.1, ...options.compaction })
      : null;
    const chain = segments;
    if (compacted) segments = await compact(record, segments, documents, digest, total);

    const lexicalIndex = await lexical.save(record.version, segments, {
      own: delta,
      compactedFrom: compacted ? chain : null,
    });

    const manifest: Manifest = {
      kb,
      version: formatVersion(record.version),
      parent: summary.parent,
      status: 'ready',
      createdAt: record.createdAt,
      sourceFingerprint: sourceFingerprint(documents),
      ...(input === null ? {} : { inputFingerprint: input.fingerprint, inputFiles: input.files }),
      documents,
      chunking,
      embedder: { id: embedder.id, dimensions: embedder.dimensions },
      pipelineVersion: options.pipelineVersion,
      counts: { documents: Object.keys(documents).length, chunks: total, rejected: rejected.length },
      validation: { settings: { ...options.validation }, rejected, flagged },
      eval: null,
      digest,
      segments,
      lexical: lexicalIndex,
      ...(options.environment ? { builtIn: { environment: options.environment, store: store.location } } : {}),
      run: runCounts(summary.documents, writer.totals, total, Math.round(performance.now() - started)),
    };
    await clock.time('write', () => registry.finishVersion(kb, record.version, 'ready', manifest));
    return {
      ...summary,
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
      durationMs: Math.round(performance.now() - started),
    };
  } catch (error) {
    await writer.abandon();
    throw error;
  }

  /** Folds the chain into a new base holding the live chunks, verifies it, and drops this run's delta. */
  async function compact(
    record: VersionRecord,
    chain: Manifest['segments'],
    live: Record<string, ManifestDocument>,
    digest: string,
    total: number,
  ) {
    report('compact');
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
    if (stored.chunks !== total || stored.digest !== digest) {
      throw new RagshipError('VERIFY_FAILED', `Compacted segment ${base} does not match the version's chunks.`);
    }
    if (writer.segment) await store.deleteSegment(writer.segment);
    for (const document of Object.values(live)) document.segment = base;
    return [{ name: base, chunks: total, tombstones: [] }];
  }
}
