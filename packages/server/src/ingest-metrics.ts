import type { IngestRunCounts } from '@ragship/core';
import type { Registry as VersionRegistry, VersionRecord } from '@ragship/registry';
import { Counter, type Registry } from 'prom-client';
import { cachedRead } from './cached-read.js';

/** How long the versions read from the registry are reused between scrapes. */
const REFRESH_MS = 30_000;

/**
 * Ingestion counters at `/metrics`, from the runs the registry recorded (every version's manifest
 * keeps its run's counts), so they cover every ingest whichever machine ran it, and survive
 * restarts: runs by outcome, documents by outcome, chunks by source (embedded, cached, reused),
 * texts embedded, and documents rejected. Re-read from the registry at most every 30 s.
 */
export function registerIngestMetrics(registry: Registry, versions: VersionRegistry): void {
  const records = cachedRead(async (): Promise<VersionRecord[]> => {
    const kbs = await versions.listKbs();
    return (await Promise.all(kbs.map((kb) => versions.listVersions(kb)))).flat();
  }, REFRESH_MS);
  const runsOf = async () =>
    (await records().catch(() => [])).flatMap((record) =>
      record.manifest?.run ? [{ kb: record.kb, run: record.manifest.run }] : [],
    );
  const counter = (
    name: string,
    help: string,
    labelNames: readonly string[],
    fill: (inc: (labels: Record<string, string>, value: number) => void, kb: string, run: IngestRunCounts) => void,
  ) =>
    new Counter({
      name,
      help,
      labelNames: ['kb', ...labelNames],
      registers: [registry],
      async collect() {
        const runs = await runsOf();
        this.reset();
        for (const { kb, run } of runs) fill((labels, value) => this.inc({ kb, ...labels }, value), kb, run);
      },
    });

  new Counter({
    name: 'ragship_ingest_runs_total',
    help: 'Ingest runs recorded in the registry, by kb and outcome (ready, failed).',
    labelNames: ['kb', 'outcome'],
    registers: [registry],
    async collect() {
      const all = await records().catch(() => []);
      this.reset();
      for (const record of all) {
        const outcome = record.status === 'failed' ? 'failed' : record.status === 'building' ? null : 'ready';
        if (outcome) this.inc({ kb: record.kb, outcome });
      }
    },
  });
  counter(
    'ragship_ingest_documents_total',
    'Documents seen by ingest runs, by kb and outcome (added, changed, removed, unchanged, rejected).',
    ['outcome'],
    (inc, _kb, run) => {
      for (const [outcome, count] of Object.entries(run.documents)) inc({ outcome }, count);
    },
  );
  counter(
    'ragship_ingest_chunks_total',
    'Chunks in versions built, by kb and where their vectors came from (embedded, cached, reused from the parent).',
    ['source'],
    (inc, _kb, run) => {
      for (const [source, count] of Object.entries(run.chunks)) inc({ source }, count);
    },
  );
  counter('ragship_ingest_embeddings_total', 'Texts ingest runs sent to the embedder, by kb.', [], (inc, _kb, run) =>
    inc({}, run.chunks.embedded),
  );
  counter(
    'ragship_ingest_rejected_total',
    'Documents ingest runs rejected at validation, by kb.',
    [],
    (inc, _kb, run) => inc({}, run.documents.rejected),
  );
}
