import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig, type Manifest } from '@ragship/core';
import { createLocalEmbedder, type Embedder } from '@ragship/embeddings';
import { ingest } from '@ragship/ingest';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { startTracing } from '@ragship/telemetry';
import { startOtlpReceiver } from '@ragship/telemetry/testing';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import type { BaselineStep } from './baseline-step.js';
import { GateRefusedError } from './gate-refused-error.js';
import { promoteVersion, type PromoteOptions } from './promote-version.js';
import { rollbackAlias } from './rollback-alias.js';

const defaults = parseConfig({}, 'test');
let directory: string;
let registry: Registry;
let dev: InMemoryVectorStore;
let prod: InMemoryVectorStore;

beforeEach(() => {
  directory = mkdtempSync(path.join(tmpdir(), 'ragship-promote-'));
  write('promote.md', '# Promoting\n\nTo promote a version, run ragship promote docs@v1 --to staging.\n');
  write('rollback.md', '# Rolling back\n\nTo roll back an index, run ragship rollback docs --env prod.\n');
  registry = createSqliteRegistry({ file: ':memory:' });
  dev = createInMemoryVectorStore();
  prod = createInMemoryVectorStore();
  Object.assign(prod, { location: 'memory://prod' });
});
afterEach(async () => {
  await registry.close();
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  writeFileSync(path.join(directory, name), text);
}

/** Ingests the directory into dev's store and returns the new version number. */
async function build(embedder: Embedder = createLocalEmbedder()): Promise<number> {
  const result = await ingest({
    directory,
    kb: 'docs',
    registry,
    store: dev,
    environment: 'dev',
    embedder,
    chunking: { size: 1000, overlap: 100 },
    validation: defaults.validation,
    ingest: defaults.ingest,
    pipelineVersion: 'test',
    // Tiny corpora change by far more than 10% per edit; keep deltas so tests see them.
    compaction: { maxChangedRatio: 1 },
  });
  return Number(result.version?.slice(1));
}

function promote(version: number, overrides: Partial<PromoteOptions> = {}) {
  return promoteVersion({
    registry,
    kb: 'docs',
    version,
    target: { environment: 'prod', store: prod, gates: {} },
    sources: [{ environment: 'dev', open: () => Promise.resolve(dev) }],
    actor: 'alice',
    ...overrides,
  });
}

async function manifestOf(version: number): Promise<Manifest> {
  return (await registry.getVersion('docs', version))!.manifest!;
}

describe('promoteVersion', () => {
  it('when traced, then the promotion exports a promote span with its stages (check, gates, plan, copy, verify, flip)', async () => {
    // The spans go over real OTLP/HTTP to a collector in this process that decodes them.
    const receiver = await startOtlpReceiver();
    const tracing = startTracing({ endpoint: receiver.url, projectName: 'ragship-prod', batch: false });
    try {
      await promote(await build(), {
        tracing,
        target: { environment: 'prod', store: prod, gates: { documents: { min: 1 } } },
      });
      await tracing.flush();
      const spans = await receiver.waitFor((received) => received.some((span) => span.name === 'promote'));
      const root = spans.find((span) => span.name === 'promote')!;
      expect(root.attributes).toMatchObject({
        'ragship.kb': 'docs',
        'ragship.index_version': 'v1',
        'ragship.environment': 'prod',
        'ragship.promotion.changed': true,
        'ragship.promotion.copied': 2,
      });
      const stages = spans.filter((span) => span.parentSpanId === root.spanId);
      expect(stages.map((span) => span.name)).toEqual(['check', 'gates', 'plan', 'copy', 'verify', 'flip']);
      expect(JSON.parse(stages[1]!.attributes['ragship.promotion.gates'] as string)).toEqual([
        expect.objectContaining({ metric: 'documents', passed: true }),
      ]);
      // Stages follow one another.
      for (let i = 1; i < stages.length; i++) {
        expect(stages[i]!.startTimeUnixNano).toBeGreaterThanOrEqual(stages[i - 1]!.endTimeUnixNano);
      }
    } finally {
      await tracing.shutdown();
      await receiver.stop();
    }
  });

  it('when the target store lacks the version, then it is copied exactly, verified, and the alias moves with an audit entry', async () => {
    const v1 = await build();
    const result = await promote(v1);
    expect(result).toMatchObject({
      from: null,
      to: 'v1',
      changed: true,
      copied: 2,
      verifiedDigest: (await manifestOf(v1)).digest,
    });
    expect(result.segments).toEqual([
      expect.objectContaining({
        name: 'ragship-docs-v1-base',
        action: 'copy',
        source: 'dev',
        copied: 2,
        verified: true,
      }),
    ]);
    expect(prod.segments.get('ragship-docs-v1-base')).toEqual(dev.segments.get('ragship-docs-v1-base'));
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(v1);
    const [entry] = await registry.auditLog({ kb: 'docs', environment: 'prod' });
    expect(entry).toMatchObject({ action: 'promote', actor: 'alice', from: null, to: v1 });
    expect(entry?.details).toMatchObject({ gates: [], copied: { chunks: 2 }, verifiedDigest: result.verifiedDigest });
  });

  it('when the next version is a delta over one the target holds, then only the delta is copied', async () => {
    await promote(await build());
    write('gc.md', '# Garbage collection\n\nragship gc deletes failed and unreferenced old versions.\n');
    const v2 = await build();
    const result = await promote(v2);
    expect(result.segments.map((segment) => [segment.name, segment.action])).toEqual([
      ['ragship-docs-v1-base', 'present'],
      ['ragship-docs-v2-delta', 'copy'],
    ]);
    expect(result.copied).toBe(1);
    expect(result.from).toBe('v1');
  });

  it('when it is a dry run, then it reports the plan and copies and moves nothing', async () => {
    const v1 = await build();
    const result = await promote(v1, { dryRun: true });
    expect(result).toMatchObject({ dryRun: true, changed: true, copied: 0 });
    expect(result.segments).toEqual([expect.objectContaining({ action: 'copy', inTarget: 0 })]);
    expect(prod.segments.size).toBe(0);
    expect(await registry.getAlias('prod', 'docs')).toBeUndefined();
  });

  it('when a baseline step is given, then it runs on the target holding the version before the alias moves, and its summary is reported and audited', async () => {
    const v1 = await build();
    const summary = { source: 'queries', description: '2 queries of golden.jsonl', samples: 2, querySet: 'abc' };
    const seen: { environment: string; chunks: number; alias: number | undefined }[] = [];
    const baseline: BaselineStep = async (input) => {
      input.onProgress?.(2, 2);
      seen.push({
        environment: input.environment,
        chunks: await input.store.countChunks('ragship-docs-v1-base'),
        alias: (await input.registry.getAlias('prod', 'docs'))?.version,
      });
      return summary;
    };
    const stages: string[] = [];
    const dryRun = await promote(v1, { baseline, dryRun: true });
    const result = await promote(v1, { baseline, onProgress: (progress) => stages.push(progress.stage) });
    expect(dryRun.baseline).toBeNull();
    expect(seen).toEqual([{ environment: 'prod', chunks: 2, alias: undefined }]);
    expect(stages.slice(-2)).toEqual(['baseline', 'flip']);
    expect(result.baseline).toEqual(summary);
    const [entry] = await registry.auditLog({ kb: 'docs', environment: 'prod' });
    expect(entry?.details.baseline).toEqual(summary);
  });

  it('when the version is building or failed, then it is refused and the alias is unchanged', async () => {
    const building = await registry.createVersion('docs', null, 'elsewhere:1');
    await expect(promote(building.version)).rejects.toMatchObject({
      code: 'VERSION_NOT_READY',
      message: /docs@v1 is building, not ready/,
    });
    await registry.finishVersion('docs', building.version, 'failed', null);
    await expect(promote(building.version)).rejects.toMatchObject({ code: 'VERSION_NOT_READY', message: /is failed/ });
    await expect(promote(9)).rejects.toMatchObject({
      code: 'VERSION_NOT_FOUND',
      message: /No version docs@v9\. Known: docs@v1/,
    });
    expect(await registry.getAlias('prod', 'docs')).toBeUndefined();
  });

  it('when the version was embedded differently from what the target serves, then it is refused unless the change is allowed', async () => {
    const v1 = await build();
    await promote(v1);
    write('promote.md', 'Changed text, so that a new version is built.\n');
    const v2 = await build(createLocalEmbedder({ dimensions: 256 }));
    await expect(promote(v2)).rejects.toMatchObject({
      code: 'EMBEDDER_MISMATCH',
      message: expect.stringContaining(
        'prod serves docs@v1 embedded with local/384; docs@v2 was embedded with local/256',
      ),
    });
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(v1);
    await promote(v2, { allowEmbedderChange: true });
    const [entry] = await registry.auditLog({ kb: 'docs', environment: 'prod' });
    expect(entry?.details).toMatchObject({ embedderChange: 'local/384 → local/256' });
  });

  it('when the environment pins another embedder, then the version is refused', async () => {
    const v1 = await build();
    await expect(
      promote(v1, {
        target: { environment: 'prod', store: prod, gates: {}, embedder: 'openai:text-embedding-3-small' },
      }),
    ).rejects.toMatchObject({
      code: 'EMBEDDER_MISMATCH',
      message: /only serves versions embedded with openai:text-embedding-3-small/,
    });
  });

  it('when a gate refuses, then the error names the gate and by how much, and nothing is copied or moved', async () => {
    const v1 = await build();
    const error = await promote(v1, {
      target: { environment: 'prod', store: prod, gates: { documents: { min: 5 }, rejectedRate: { max: 0.1 } } },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GateRefusedError);
    expect(error).toMatchObject({
      code: 'GATE_REFUSED',
      message: expect.stringContaining('documents 2 < min 5 (short by 3)'),
    });
    expect((error as GateRefusedError).results.map((result) => result.passed)).toEqual([false, true]);
    expect(prod.segments.size).toBe(0);
    expect(await registry.getAlias('prod', 'docs')).toBeUndefined();
  });

  it('when a gate refuses, then the refusal is in the audit log with the gates and the caller’s details, and the alias stays', async () => {
    const gates = { documents: { min: 5 } };
    const v1 = await build();
    await promote(v1);
    write('more.md', '# More\n\nAnother document about promotion gates and their thresholds.\n');
    const v2 = await build();
    const ranBy = { build: 'sha256:0f1e', gitSha: 'abc123', version: '0.1.0' };
    const refused = promote(v2, {
      target: { environment: 'prod', store: prod, gates },
      details: { source: 'dev', build: ranBy },
    });
    await expect(refused).rejects.toBeInstanceOf(GateRefusedError);
    const [entry, ...older] = await registry.auditLog({ kb: 'docs', environment: 'prod' });
    expect(entry).toMatchObject({ action: 'refuse', actor: 'alice', environment: 'prod', from: v1, to: v2 });
    expect(entry?.details).toMatchObject({
      source: 'dev',
      build: ranBy,
      gates: [{ metric: 'documents', passed: false }],
    });
    expect(older.map((item) => item.action)).toEqual(['promote']);
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(v1);

    await expect(promote(v2, { target: { environment: 'prod', store: prod, gates }, dryRun: true })).rejects.toThrow(
      GateRefusedError,
    );
    expect(await registry.auditLog({ kb: 'docs', action: 'refuse' })).toHaveLength(1);
  });

  it('when the refusal cannot be written to the audit log, then the promotion is still refused, saying so', async () => {
    const v1 = await build();
    const failing: Registry = {
      ...registry,
      recordRefusal: () => Promise.reject(new Error('registry is read-only')),
    };
    const error = await promote(v1, {
      registry: failing,
      target: { environment: 'prod', store: prod, gates: { documents: { min: 5 } } },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GateRefusedError);
    expect(error).toMatchObject({
      code: 'GATE_REFUSED',
      message: expect.stringMatching(
        /Nothing changed\. The refusal could not be written to the audit log: registry is read-only/,
      ),
    });
    expect(await registry.getAlias('prod', 'docs')).toBeUndefined();
  });

  it('when the target holds an interrupted copy, then the promotion completes it and verifies the whole', async () => {
    const v1 = await build();
    const source = dev.segments.get('ragship-docs-v1-base')!;
    await prod.createSegment('ragship-docs-v1-base', { dimensions: 384 });
    await prod.addChunks('ragship-docs-v1-base', [[...source.values()][0]!]);
    const result = await promote(v1);
    expect(result.segments[0]).toMatchObject({ action: 'copy', inTarget: 1, verified: true });
    expect(prod.segments.get('ragship-docs-v1-base')).toEqual(source);
  });

  it('when an interrupted copy in the target holds a wrong chunk, then the segment is copied afresh', async () => {
    const v1 = await build();
    const [first] = dev.segments.get('ragship-docs-v1-base')!.values();
    await prod.createSegment('ragship-docs-v1-base', { dimensions: 384 });
    await prod.addChunks('ragship-docs-v1-base', [{ ...first!, text: 'tampered' }]);
    await promote(v1);
    expect(prod.segments.get('ragship-docs-v1-base')).toEqual(dev.segments.get('ragship-docs-v1-base'));
  });

  it('when a present segment was altered and every segment is verified, then the promotion fails and the alias stays', async () => {
    const v1 = await build();
    await promote(v1, { target: { environment: 'staging', store: prod, gates: {} } });
    const stored = prod.segments.get('ragship-docs-v1-base')!;
    const [id, chunk] = [...stored.entries()][0]!;
    stored.set(id, { ...chunk, text: 'tampered' });
    await expect(promote(v1, { verifyAll: true })).rejects.toMatchObject({ code: 'VERIFY_FAILED' });
    expect(await registry.getAlias('prod', 'docs')).toBeUndefined();
  });

  it('when no store holds a segment, then the error says where it looked', async () => {
    const v1 = await build();
    await dev.deleteSegment('ragship-docs-v1-base');
    await expect(promote(v1)).rejects.toMatchObject({
      code: 'SEGMENT_MISSING',
      message: /looked in dev \(memory:\/\/\)/,
    });
  });

  it('when another promotion moves the alias first, then this one fails with a conflict', async () => {
    const v1 = await build();
    write('new.md', 'Another page, for a second version.\n');
    const v2 = await build();
    const slow = promote(v2, {
      sources: [
        {
          environment: 'dev',
          open: async () => {
            await promote(v1, { target: { environment: 'prod', store: prod, gates: {} } });
            return dev;
          },
        },
      ],
    });
    await expect(slow).rejects.toMatchObject({
      code: 'CONFLICT',
      message: /moved to v1 while this promote expected nothing/,
    });
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(v1);
  });
});

describe('rollbackAlias', () => {
  it('when an alias was promoted twice, then rollback returns to the first without copying', async () => {
    const v1 = await build();
    await promote(v1);
    write('new.md', 'Another page, for a second version.\n');
    await promote(await build());
    const chunks = [...prod.segments.values()].reduce((sum, segment) => sum + segment.size, 0);
    const result = await rollbackAlias({ registry, kb: 'docs', environment: 'prod', store: prod, actor: 'bob' });
    expect(result).toMatchObject({ from: 'v2', to: 'v1', action: 'rollback', changed: true });
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(v1);
    expect([...prod.segments.values()].reduce((sum, segment) => sum + segment.size, 0)).toBe(chunks);
    expect((await registry.auditLog({ kb: 'docs', environment: 'prod' }))[0]).toMatchObject({
      action: 'rollback',
      actor: 'bob',
      from: 2,
      to: 1,
    });
  });

  it('when the previous version is no longer in the store, then rollback refuses and says to promote it', async () => {
    await promote(await build());
    write('promote.md', 'Rewritten: the whole document changed.\n');
    write('rollback.md', 'Rewritten too, so the next build is compacted or a delta.\n');
    await promote(await build());
    await prod.deleteSegment('ragship-docs-v1-base');
    await expect(
      rollbackAlias({ registry, kb: 'docs', environment: 'prod', store: prod, actor: 'bob' }),
    ).rejects.toMatchObject({
      code: 'SEGMENT_MISSING',
      message: /promote it instead: ragship promote docs@v1 --to prod/,
    });
    expect((await registry.getAlias('prod', 'docs'))?.version).toBe(2);
  });

  it('when there is nothing before, then rollback says so', async () => {
    await expect(
      rollbackAlias({ registry, kb: 'docs', environment: 'prod', store: prod, actor: 'bob' }),
    ).rejects.toThrow(/never been promoted/);
    await promote(await build());
    await expect(
      rollbackAlias({ registry, kb: 'docs', environment: 'prod', store: prod, actor: 'bob' }),
    ).rejects.toMatchObject({ code: 'NO_PREVIOUS_VERSION' });
  });
});
