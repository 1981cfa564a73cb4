import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@ragship/core';
import { createLocalEmbedder } from '@ragship/embeddings';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { startTracing, type Tracing } from '@ragship/telemetry';
import { startOtlpReceiver, type OtlpReceiver } from '@ragship/telemetry/testing';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { ingest } from './ingest.js';

// The spans go over real OTLP/HTTP to a collector in this process that decodes them.
const defaults = parseConfig({}, 'test');
let directory: string;
let registry: Registry;
let receiver: OtlpReceiver;
let tracing: Tracing;

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-ingest-trace-'));
  writeFileSync(
    path.join(directory, 'rolling-back.md'),
    '# Rolling back\n\nTo roll back an index, run ragship rollback.\n',
  );
  writeFileSync(path.join(directory, 'empty.md'), '   \n');
  registry = createSqliteRegistry({ file: ':memory:' });
  receiver = await startOtlpReceiver();
  tracing = startTracing({ endpoint: receiver.url, projectName: 'ragship-dev', batch: false });
});
afterEach(async () => {
  await tracing.shutdown();
  await receiver.stop();
  await registry.close();
  rmSync(directory, { recursive: true, force: true });
});

describe('tracing of ingestion runs', () => {
  it('when a run builds a version, then it exports an ingest span with one child per stage, scoped to the kb, version and environment', async () => {
    const result = await ingest({
      directory,
      kb: 'docs',
      registry,
      store: createInMemoryVectorStore(),
      environment: 'dev',
      embedder: createLocalEmbedder(),
      chunking: { size: 1000, overlap: 100 },
      validation: defaults.validation,
      ingest: defaults.ingest,
      pipelineVersion: 'test',
      tracing,
    });
    await tracing.flush();
    const stages = ['load', 'validate', 'chunk', 'embed', 'write'];
    const spans = await receiver.waitFor((received) => received.some((span) => span.name === 'ingest'));
    const root = spans.find((span) => span.name === 'ingest')!;
    expect(root.attributes).toMatchObject({
      'openinference.span.kind': 'CHAIN',
      'ragship.kb': 'docs',
      'ragship.index_version': result.version,
      'ragship.environment': 'dev',
      'ragship.ingest.documents_added': 1,
      'ragship.ingest.documents_rejected': 1,
    });
    const children = spans.filter((span) => span.parentSpanId === root.spanId);
    expect(children.map((span) => span.name).sort()).toEqual([...stages].sort());
    for (const child of children) {
      expect(child.traceId).toBe(root.traceId);
      expect(child.startTimeUnixNano).toBeGreaterThanOrEqual(root.startTimeUnixNano);
      expect(child.endTimeUnixNano).toBeLessThanOrEqual(root.endTimeUnixNano);
      expect(child.attributes['ragship.stage.calls']).toBeGreaterThan(0);
      expect(child.attributes['ragship.kb']).toBe('docs');
    }
    expect(children.find((span) => span.name === 'embed')!.attributes['ragship.ingest.embedded']).toBe(1);
  });
});
