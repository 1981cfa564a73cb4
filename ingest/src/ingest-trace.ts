import { wrapEmbed, type Embedder } from '@ragship/embeddings';
import { recordRun, SpanKind, TRACING_OFF, type StageClock } from '@ragship/telemetry';
import type { IngestOptions } from './ingest-options.js';
import type { IngestResult } from './ingest-result.js';

/** The run as a CHAIN span `ingest` with a span per stage: load, validate, chunk, embed, write. */
export function recordIngestRun(
  options: IngestOptions,
  clock: StageClock,
  startedAt: number,
  result?: IngestResult,
  error?: unknown,
): void {
  recordRun(options.tracing ?? TRACING_OFF, {
    name: 'ingest',
    scope: { kb: options.kb, indexVersion: result?.version ?? undefined, environment: options.environment },
    kind: SpanKind.CHAIN,
    startedAt,
    endedAt: Date.now(),
    attributes: result
      ? {
          'ragship.ingest.status': result.status,
          'ragship.ingest.documents_added': result.documents.added,
          'ragship.ingest.documents_changed': result.documents.changed,
          'ragship.ingest.documents_removed': result.documents.removed,
          'ragship.ingest.documents_rejected': result.documents.rejected,
          'ragship.ingest.chunks': result.chunks.total,
        }
      : {},
    stages: clock.timings(),
    stageAttributes: result
      ? {
          embed: { 'ragship.ingest.embedded': result.chunks.embedded, 'ragship.ingest.cached': result.chunks.cached },
          write: { 'ragship.ingest.written': result.chunks.written },
        }
      : {},
    error,
  });
}

/** The embedder with its calls timed as the `embed` stage. */
export function timedEmbedder(embedder: Embedder, clock: StageClock): Embedder {
  return wrapEmbed(embedder, (texts, options) => clock.time('embed', () => embedder.embed(texts, options)));
}
