import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import { collectGarbage, type GcOptions } from './collect-garbage.js';

let registry: Registry;
let dev: InMemoryVectorStore;
let prod: InMemoryVectorStore;

beforeEach(() => {
  registry = createSqliteRegistry({ file: ':memory:' });
  dev = createInMemoryVectorStore();
  prod = Object.assign(createInMemoryVectorStore(), { location: 'memory://prod' });
});
afterEach(() => registry.close());

/** A ready version whose segments are `segments`, each created (empty) in the given stores. */
async function version(segments: string[], stores: InMemoryVectorStore[] = [dev]): Promise<number> {
  const { version: number } = await registry.createVersion('docs', null);
  for (const store of stores) for (const name of segments) await store.createSegment(name, { dimensions: 3 });
  const manifest = {
    kb: 'docs',
    version: `v${number}`,
    segments: segments.map((name) => ({ name, chunks: 0, tombstones: [] })),
  };
  await registry.finishVersion('docs', number, 'ready', manifest as unknown as Manifest);
  return number;
}

async function promote(environment: string, to: number): Promise<void> {
  const expected = (await registry.getAlias(environment, 'docs'))?.version ?? null;
  await registry.moveAlias({ environment, kb: 'docs', expected, to, actor: 'ci', action: 'promote' });
}

function gc(overrides: Partial<GcOptions> = {}) {
  return collectGarbage({
    registry,
    keepVersions: 1,
    stores: [
      { environment: 'dev', open: () => Promise.resolve(dev) },
      { environment: 'prod', open: () => Promise.resolve(prod) },
    ],
    actor: 'ci',
    ...overrides,
  });
}

describe('collectGarbage', () => {
  it('when old versions are unreferenced, then they are deleted from every store, but never a served one, a rollback target or the newest', async () => {
    const v1 = await version(['ragship-docs-v1-base'], [dev, prod]);
    const v2 = await version(['ragship-docs-v2-base'], [dev, prod]);
    const v3 = await version(['ragship-docs-v3-base'], [dev, prod]);
    const v4 = await version(['ragship-docs-v4-base']);
    const v5 = await version(['ragship-docs-v4-base', 'ragship-docs-v5-delta']);
    const failed = await registry.createVersion('docs', v5);
    await registry.finishVersion('docs', failed.version, 'failed', null);
    await promote('prod', v2);
    await promote('prod', v3);

    const result = await gc();

    expect(result.deleted.map((decision) => decision.version)).toEqual(['v6', 'v4', 'v1']);
    expect(Object.fromEntries(result.kept.map((decision) => [decision.version, decision.reasons]))).toEqual({
      v5: ['among the newest 1'],
      v3: ['served by prod'],
      v2: ['rollback target of prod'],
    });
    expect([...dev.segments.keys()].sort()).toEqual([
      'ragship-docs-v2-base',
      'ragship-docs-v3-base',
      'ragship-docs-v4-base',
      'ragship-docs-v5-delta',
    ]);
    expect([...prod.segments.keys()].sort()).toEqual(['ragship-docs-v2-base', 'ragship-docs-v3-base']);
    expect((await registry.getVersion('docs', v1))?.status).toBe('deleted');
    expect((await registry.getVersion('docs', v4))?.status).toBe('deleted');
    expect((await registry.auditLog({ kb: 'docs' })).filter((entry) => entry.action === 'delete')).toHaveLength(3);
  });

  it('when it is a dry run, then it reports the same decisions and deletes nothing', async () => {
    await version(['ragship-docs-v1-base']);
    await version(['ragship-docs-v2-base']);
    const result = await gc({ dryRun: true });
    expect(result.deleted.map((decision) => decision.version)).toEqual(['v1']);
    expect(result.segments[0]).toMatchObject({ environment: 'dev', deleted: ['ragship-docs-v1-base'] });
    expect(dev.segments.size).toBe(2);
    expect((await registry.getVersion('docs', 1))?.status).toBe('ready');
  });

  it('when a store is unreachable, then gc reports it and the next run finishes the job', async () => {
    await version(['ragship-docs-v1-base'], [dev, prod]);
    await version(['ragship-docs-v2-base'], [dev, prod]);
    prod.unavailable = true;
    const first = await gc();
    expect(first.errors).toEqual([
      expect.objectContaining({ environment: 'prod', message: expect.stringContaining('unavailable') }),
    ]);
    expect(prod.segments.has('ragship-docs-v1-base')).toBe(true);
    prod.unavailable = false;
    const second = await gc();
    expect(second.deleted).toEqual([]);
    expect(second.segments.find((item) => item.environment === 'prod')?.deleted).toEqual(['ragship-docs-v1-base']);
    expect(prod.segments.has('ragship-docs-v1-base')).toBe(false);
  });

  it('when two environments share one store, then it is cleaned once', async () => {
    await version(['ragship-docs-v1-base']);
    await version(['ragship-docs-v2-base']);
    const result = await gc({
      stores: [
        { environment: 'dev', open: () => Promise.resolve(dev) },
        { environment: 'staging', open: () => Promise.resolve(dev) },
      ],
    });
    expect(result.segments).toEqual([{ environment: 'dev', store: 'memory://', deleted: ['ragship-docs-v1-base'] }]);
  });
});
