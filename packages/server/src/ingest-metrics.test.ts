import { describe, expect, it } from 'vitest';
import { Registry as MetricsRegistry } from 'prom-client';
import type { IngestRunCounts, Manifest } from '@ragship/core';
import { createSqliteRegistry } from '@ragship/registry';
import { registerIngestMetrics } from './ingest-metrics.js';

const run = (added: number, embedded: number, rejected = 0): IngestRunCounts => ({
  documents: { added, changed: 1, removed: 0, unchanged: 5, rejected },
  chunks: { embedded, cached: 2, reused: 10 },
  durationMs: 1000,
});

describe('ingestion metrics', () => {
  it('when runs are recorded in the registry, then /metrics counts their documents, chunks, embeddings, rejections and outcomes', async () => {
    const registry = createSqliteRegistry({ file: ':memory:' });
    for (const [kb, counts] of [
      ['docs', run(3, 7, 1)],
      ['docs', run(2, 4)],
      ['faq', run(1, 1)],
    ] as const) {
      const { version } = await registry.createVersion(kb, null);
      await registry.finishVersion(kb, version, 'ready', { kb, run: counts } as unknown as Manifest);
    }
    const failed = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', failed.version, 'failed', null);
    await registry.createVersion('docs', null); // building: not a finished run

    const metrics = new MetricsRegistry();
    registerIngestMetrics(metrics, registry);
    const text = await metrics.metrics();
    expect(text).toContain('ragship_ingest_runs_total{kb="docs",outcome="ready"} 2');
    expect(text).toContain('ragship_ingest_runs_total{kb="docs",outcome="failed"} 1');
    expect(text).toContain('ragship_ingest_documents_total{kb="docs",outcome="added"} 5');
    expect(text).toContain('ragship_ingest_documents_total{kb="docs",outcome="rejected"} 1');
    expect(text).toContain('ragship_ingest_chunks_total{kb="docs",source="embedded"} 11');
    expect(text).toContain('ragship_ingest_chunks_total{kb="docs",source="reused"} 20');
    expect(text).toContain('ragship_ingest_embeddings_total{kb="docs"} 11');
    expect(text).toContain('ragship_ingest_embeddings_total{kb="faq"} 1');
    expect(text).toContain('ragship_ingest_rejected_total{kb="docs"} 1');
    expect(text).toMatch(/# TYPE ragship_ingest_documents_total counter/);
    await registry.close();
  });

  it('when the registry cannot be read, then the scrape still answers, without ingestion counts', async () => {
    const registry = createSqliteRegistry({ file: ':memory:' });
    await registry.close();
    const metrics = new MetricsRegistry();
    registerIngestMetrics(metrics, registry);
    expect(await metrics.metrics()).not.toMatch(/ragship_ingest_runs_total\{/);
  });
});
