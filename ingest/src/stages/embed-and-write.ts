import type { ManifestDocument } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { StageClock } from '@ragship/telemetry';
import { baseSegmentName, deltaSegmentName } from '@ragship/vector-store';
import type { IngestOptions } from '../ingest-options.js';
import { currentRunOwner } from '../version/run-owner.js';
import { createVersionWriter, type VersionWriter } from '../version/version-writer.js';
import type { ChunkedDocument } from './chunk-documents.js';
import type { RunPlan } from './plan-run.js';
import type { RunProgress } from './run-progress.js';

/** A new or changed document's manifest entry, before its chunk ids, digest and segment are known. */
export type NewDocument = Omit<ManifestDocument, 'chunkIds' | 'segment' | 'digest'>;

/**
 * The writer of this run's version: into a delta segment when the run builds on its parent, else
 * into a new base; its writes reported as progress.
 */
export function createRunWriter(
  options: IngestOptions,
  plan: RunPlan,
  embedder: Embedder,
  progress: RunProgress,
): VersionWriter {
  const { kb } = options;
  return createVersionWriter({
    kb,
    registry: options.registry,
    store: options.store,
    embedder,
    cache: options.cache,
    parent: plan.parent?.version ?? null,
    owner: options.owner ?? currentRunOwner(),
    batchSize: options.ingest.batchSize,
    concurrency: options.ingest.concurrency,
    segmentName: (version) => (plan.buildsOn ? deltaSegmentName(kb, version) : baseSegmentName(kb, version)),
    signal: options.signal,
    onWritten: (totals) => progress.report('write', totals),
  });
}

/**
 * The embed and write stages: hands each document's chunks to the version writer, which embeds
 * them in batches through the cache and adds them to the store while the next document is loaded
 * and chunked; then writes what is queued. Returns the written documents' entries by id.
 */
export async function embedAndWrite(
  documents: AsyncIterable<ChunkedDocument>,
  writer: VersionWriter,
  clock: StageClock,
  progress: RunProgress,
): Promise<Map<string, NewDocument>> {
  const written = new Map<string, NewDocument>();
  for await (const { document, chunks } of documents) {
    written.set(document.docId, {
      contentHash: document.contentHash,
      source: document.source,
      title: document.title,
      modifiedAt: document.modifiedAt,
      chunks: chunks.length,
    });
    await clock.time('write', () => writer.add(document.docId, chunks));
    if (progress.documents % 100 === 0) progress.report('load', writer.totals);
  }
  await clock.time('write', () => writer.flush());
  progress.report('load', writer.totals);
  return written;
}
