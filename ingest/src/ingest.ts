import { RagshipError } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import { StageClock } from '@ragship/telemetry';
import type { IngestOptions } from './ingest-options.js';
import type { IngestResult } from './ingest-result.js';
import { recordIngestRun, timedEmbedder } from './ingest-trace.js';
import { chunkDocuments } from './stages/chunk-documents.js';
import { createRunWriter, embedAndWrite } from './stages/embed-and-write.js';
import { finishVersion } from './stages/finish-version.js';
import { checkRejectionBudget, loadAndValidate, removedDocuments } from './stages/load-and-validate.js';
import { planRun, type RunPlan } from './stages/plan-run.js';
import { parentSummary, runSummary, unchangedResult } from './stages/run-outcome.js';
import { createRunProgress } from './stages/run-progress.js';
import { withKbLease } from './version/kb-lease.js';
import { createLexicalBuilder } from './version/lexical-builder.js';

/**
 * Builds a new immutable version of `kb` from its source (a directory, web site, git repository or
 * S3 prefix, fetched into a local copy that asks only for what changed), streaming: each
 * document is loaded, validated, compared with the last ready version, and — if new or changed —
 * chunked, embedded (through the cache) and written in batches to a delta segment. Unchanged
 * documents keep their chunks and vectors in the parent's segments; changed and removed ones are
 * tombstoned there. A changed chunker or embedder rebuilds everything into a new base and says
 * so. Nothing changed → no version (`version: null`). The version stays `building` until every
 * chunk is written and the count and digest are verified; a failed run is marked `failed` and its
 * segment deleted, and a run killed outright is cleaned up by the next one. One run per kb at a
 * time: a run holds the kb's lease in the registry, and a second waits for it (see `withKbLease`).
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const clock = new StageClock();
  const startedAt = Date.now();
  try {
    const result = await withKbLease(options.registry, options.kb, options.lease ?? {}, (leaseLost) =>
      build({ ...options, signal: options.signal ? AbortSignal.any([options.signal, leaseLost]) : leaseLost }, clock),
    );
    recordIngestRun(options, clock, startedAt, result);
    return result;
  } catch (error) {
    recordIngestRun(options, clock, startedAt, undefined, error);
    throw error;
  }
}

/**
 * The run's stages in order: plan → load and validate → chunk → embed and write → finish. The
 * middle three stream, a document at a time; the version writer cleans up after any failure.
 */
async function build(options: IngestOptions, clock: StageClock): Promise<IngestResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const embedder = timedEmbedder(options.embedder, clock);
  const plan = await planRun(options, embedder, clock);
  try {
    if (plan.buildsOn && plan.inputUnchanged) {
      return unchangedResult(parentSummary(plan.buildsOn, plan.recovered), plan.buildsOn, elapsed());
    }
    return await buildVersion(options, plan, embedder, clock, elapsed);
  } finally {
    await plan.snapshot.release();
  }
}

/** Loads, validates, chunks, embeds and writes what changed, and finishes the version (or finds nothing changed). */
async function buildVersion(
  options: IngestOptions,
  plan: RunPlan,
  embedder: Embedder,
  clock: StageClock,
  elapsed: () => number,
): Promise<IngestResult> {
  const { kb, registry, store } = options;
  const progress = createRunProgress(options);
  const writer = createRunWriter(options, plan, embedder, progress);
  const lexical = createLexicalBuilder({ kb, registry, store, parent: plan.parentManifest });
  try {
    const loaded = loadAndValidate(options, plan, clock, progress);
    const chunked = chunkDocuments(loaded.documents, { chunking: options.chunking, lexical, clock, progress });
    const written = await embedAndWrite(chunked, writer, clock, progress);

    const { found } = loaded;
    const removed = removedDocuments(plan, found, written);
    checkRejectionBudget(options, plan, found, progress);
    const summary = runSummary(kb, plan, found, removed.length);
    if (plan.buildsOn && written.size === 0 && removed.length === 0) {
      return unchangedResult(summary, plan.buildsOn, elapsed());
    }
    if (progress.documents - found.rejected.length === 0) {
      throw new RagshipError('NOTHING_TO_INGEST', `No ingestible documents in ${plan.snapshot.record.location}.`);
    }
    return await finishVersion({
      options,
      plan,
      embedder,
      clock,
      progress,
      writer,
      lexical,
      found,
      written,
      removed,
      summary,
      elapsed,
    });
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}
