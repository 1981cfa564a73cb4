import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { ingestionContract, kbLeaseContract } from './ingestion-contract.js';
import { monitoringContract } from './monitoring-contract.js';
import type { Registry } from '../registry.js';
import { rollbackTarget } from '../rollback-target.js';

/**
 * The behaviour every {@link Registry} backend owes, run against each real backend. `open`
 * returns a registry on fresh, empty storage; `openAgain` a second, independent connection to
 * the same storage (another process, as far as the backend can tell).
 */
export interface RegistryFixture {
  open: () => Promise<Registry>;
  openAgain: () => Registry;
}

const manifest = {
  kb: 'docs',
  version: 'v1',
  chunks: 3,
  documents: {
    'z.md': { contentHash: 'c1', chunks: 2, chunkIds: ['z#0', 'z#1'], digest: 'd1' },
    'a.md': { contentHash: 'c2', chunks: 1, chunkIds: ['a#0'], digest: 'd2' },
  },
} as unknown as Manifest;

async function readyVersions(registry: Registry, kb: string, count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const { version } = await registry.createVersion(kb, null);
    await registry.finishVersion(kb, version, 'ready', manifest);
  }
}

/** Bytes that are not text: every byte value, then random ones. */
function blob(size: number): Uint8Array {
  const bytes = new Uint8Array(randomBytes(size));
  for (let value = 0; value < Math.min(256, size); value++) bytes[value] = value;
  return bytes;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

const promote = (environment: string, expected: number | null, to: number, actor = 'alice') =>
  ({ environment, kb: 'docs', expected, to, actor, action: 'promote' }) as const;

export function registryContract(backend: string, fixture: () => RegistryFixture): void {
  describe(`${backend} registry contract`, () => {
    it('when versions are created, then numbers count up per kb and the list is newest first', async () => {
      const registry = await fixture().open();
      await registry.createVersion('docs', null, 'host:1');
      await registry.createVersion('docs', 1);
      await registry.createVersion('faq', null);
      const docs = await registry.listVersions('docs');
      expect(docs.map((record) => [record.version, record.status, record.parent])).toEqual([
        [2, 'building', 1],
        [1, 'building', null],
      ]);
      expect(docs[1]?.owner).toBe('host:1');
      expect(Date.parse(docs[0]?.createdAt ?? '')).not.toBeNaN();
      expect(await registry.listKbs()).toEqual(['docs', 'faq']);
      await registry.close();
    });

    it('when two connections create versions at once, then every number is distinct', async () => {
      const { open, openAgain } = fixture();
      const first = await open();
      const second = openAgain();
      const created = await Promise.all(
        Array.from({ length: 10 }, (_, index) => (index % 2 ? first : second).createVersion('docs', null)),
      );
      expect(new Set(created.map((record) => record.version)).size).toBe(10);
      await Promise.all([first.close(), second.close()]);
    });

    it('when a version is ready, then its manifest round-trips and finishing it again is refused', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      await registry.finishVersion('docs', version, 'ready', manifest);
      await expect(registry.finishVersion('docs', version, 'failed', null)).rejects.toThrow(/immutable/);
      expect(await registry.getVersion('docs', version)).toMatchObject({ status: 'ready', manifest });
      expect(await registry.getVersion('docs', 99)).toBeUndefined();
      await registry.close();
    });

    it('when two promotions expect the same alias target, then one wins and the other gets a conflict', async () => {
      const { open, openAgain } = fixture();
      const first = await open();
      const second = openAgain();
      await readyVersions(first, 'docs', 3);
      await first.moveAlias(promote('prod', null, 1));
      const outcomes = await Promise.allSettled([
        first.moveAlias(promote('prod', 1, 2, 'alice')),
        second.moveAlias(promote('prod', 1, 3, 'bob')),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
      expect(rejected?.reason).toMatchObject({ code: 'CONFLICT' });
      expect(String(rejected?.reason)).toMatch(/moved to v[23] while this promote expected v1; nothing changed/);
      const winner = (await second.getAlias('prod', 'docs'))?.version;
      const log = await second.auditLog({ kb: 'docs' });
      expect(log.map((entry) => [entry.from, entry.to])).toEqual([
        [1, winner],
        [null, 1],
      ]);
      await Promise.all([first.close(), second.close()]);
    });

    it('when the target version is not ready, then the alias does not move and nothing is logged', async () => {
      const registry = await fixture().open();
      await registry.createVersion('docs', null);
      await expect(registry.moveAlias(promote('dev', null, 1))).rejects.toThrow(/docs@v1 is not a ready version/);
      await expect(registry.moveAlias(promote('dev', null, 7))).rejects.toMatchObject({ code: 'VERSION_NOT_FOUND' });
      expect(await registry.getAlias('dev', 'docs')).toBeUndefined();
      expect(await registry.auditLog()).toEqual([]);
      await registry.close();
    });

    it('when aliases move, then the audit log keeps actor, action, details and filters by kb, environment and limit', async () => {
      const registry = await fixture().open();
      await readyVersions(registry, 'docs', 2);
      const gates = [{ metric: 'rejectedRate', passed: true, value: 0 }];
      await registry.moveAlias({ ...promote('dev', null, 1), details: { gates } });
      await registry.moveAlias(promote('dev', 1, 2, 'bob'));
      await registry.moveAlias(promote('prod', null, 2, 'carol'));
      await registry.moveAlias({ ...promote('dev', 2, 1, 'dave'), action: 'rollback' });
      const alias = await registry.getAlias('dev', 'docs');
      expect(alias).toMatchObject({ environment: 'dev', kb: 'docs', version: 1, promotedBy: 'dave' });
      expect((await registry.listAliases()).map((record) => `${record.environment}:${record.version}`)).toEqual([
        'dev:1',
        'prod:2',
      ]);
      const dev = await registry.auditLog({ kb: 'docs', environment: 'dev' });
      expect(dev.map((entry) => [entry.action, entry.actor, entry.from, entry.to])).toEqual([
        ['rollback', 'dave', 2, 1],
        ['promote', 'bob', 1, 2],
        ['promote', 'alice', null, 1],
      ]);
      expect(dev[2]?.details).toEqual({ gates });
      expect(dev[0]?.id).toBeGreaterThan(dev[1]?.id ?? Infinity);
      expect((await registry.auditLog({ limit: 2 })).map((entry) => entry.actor)).toEqual(['dave', 'carol']);
      expect(await registry.auditLog({ kb: 'faq' })).toEqual([]);
      await registry.close();
    });

    it('when a promotion is refused, then a refuse entry keeps from, to and details, the alias stays, and rollback ignores it', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      await readyVersions(registry, 'docs', 3);
      await registry.moveAlias(promote('prod', null, 1));
      await registry.moveAlias(promote('prod', 1, 2));
      const gates = [{ metric: 'rejected', passed: false, value: 1, threshold: 0 }];
      const build = { build: 'sha256:0f1e', gitSha: 'abc123', version: '0.1.0' };
      const entry = await registry.recordRefusal({
        environment: 'prod',
        kb: 'docs',
        from: 2,
        to: 3,
        actor: 'ci',
        details: { gates, build },
      });
      expect(entry).toMatchObject({ action: 'refuse', kb: 'docs', environment: 'prod', from: 2, to: 3, actor: 'ci' });
      expect(entry.details).toEqual({ gates, build });
      expect(Date.parse(entry.at)).not.toBeNaN();
      await registry.recordRefusal({ environment: 'staging', kb: 'docs', from: null, to: 3, actor: 'ci' });

      const other = openAgain();
      expect((await other.getAlias('prod', 'docs'))?.version).toBe(2);
      const log = await other.auditLog({ kb: 'docs', environment: 'prod' });
      expect(log.map((item) => [item.action, item.from, item.to])).toEqual([
        ['refuse', 2, 3],
        ['promote', 1, 2],
        ['promote', null, 1],
      ]);
      expect(log[0]).toEqual(entry);
      expect(rollbackTarget(log)).toBe(1);
      const refusals = await other.auditLog({ action: 'refuse' });
      expect(refusals.map((item) => [item.environment, item.from, item.to, item.details])).toEqual([
        ['staging', null, 3, {}],
        ['prod', 2, 3, { gates, build }],
      ]);
      expect(await other.auditLog({ environment: 'staging', action: 'promote' })).toEqual([]);
      await Promise.all([registry.close(), other.close()]);
    });

    it('when a version is deleted, then it is marked, logged once, and can no longer be promoted', async () => {
      const registry = await fixture().open();
      await readyVersions(registry, 'docs', 2);
      await registry.deleteVersion({ kb: 'docs', version: 1, actor: 'gc', details: { reason: 'retention' } });
      await registry.deleteVersion({ kb: 'docs', version: 1, actor: 'gc' });
      expect((await registry.getVersion('docs', 1))?.status).toBe('deleted');
      const log = await registry.auditLog({ kb: 'docs' });
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({ action: 'delete', environment: null, from: 1, to: null, actor: 'gc' });
      expect(log[0]?.details).toMatchObject({ reason: 'retention', status: 'ready' });
      await expect(registry.moveAlias(promote('dev', null, 1))).rejects.toThrow(/not a ready version/);
      await registry.close();
    });

    it('when a version is served or building or missing, then deleting it is refused', async () => {
      const registry = await fixture().open();
      await readyVersions(registry, 'docs', 1);
      await registry.createVersion('docs', 1);
      await registry.moveAlias(promote('staging', null, 1));
      await expect(registry.deleteVersion({ kb: 'docs', version: 1, actor: 'gc' })).rejects.toThrow(
        /docs@v1 is served by staging/,
      );
      await expect(registry.deleteVersion({ kb: 'docs', version: 2, actor: 'gc' })).rejects.toThrow(/being built/);
      await expect(registry.deleteVersion({ kb: 'docs', version: 9, actor: 'gc' })).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
      });
      expect((await registry.getVersion('docs', 1))?.status).toBe('ready');
      await registry.close();
    });

    it('when an artifact is put on a building version, then it round-trips byte-exact with its sha256 and size', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const { version } = await registry.createVersion('docs', null);
      const data = blob(300_000);
      const record = await registry.putArtifact('docs', version, 'bm25.json.gz', data);
      expect(record).toEqual({
        kb: 'docs',
        version,
        name: 'bm25.json.gz',
        bytes: 300_000,
        sha256: sha256(data),
        createdAt: expect.any(String) as string,
      });
      expect(Date.parse(record.createdAt)).not.toBeNaN();
      const other = openAgain();
      const found = await other.getArtifact('docs', version, 'bm25.json.gz');
      expect(found?.record).toEqual(record);
      expect(found?.data).toBeInstanceOf(Uint8Array);
      expect(Buffer.from(found?.data ?? []).equals(data)).toBe(true);
      expect((await registry.putArtifact('docs', version, 'empty', new Uint8Array(0))).bytes).toBe(0);
      expect((await other.getArtifact('docs', version, 'empty'))?.data).toHaveLength(0);
      await Promise.all([registry.close(), other.close()]);
    });

    it('when a version is not building, then putting an artifact is refused and the registry is unchanged', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      const kept = await registry.putArtifact('docs', version, 'bm25.json.gz', blob(1_000));
      await registry.finishVersion('docs', version, 'ready', manifest);
      await registry
        .createVersion('docs', null)
        .then(({ version: failed }) => registry.finishVersion('docs', failed, 'failed', null));
      await expect(registry.putArtifact('docs', version, 'bm25.json.gz', blob(10))).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/docs@v1 is not building; a ready version is immutable/) as string,
      });
      await expect(registry.putArtifact('docs', version, 'other', blob(10))).rejects.toMatchObject({
        code: 'CONFLICT',
      });
      await expect(registry.putArtifact('docs', 2, 'other', blob(10))).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(registry.putArtifact('docs', 9, 'other', blob(10))).rejects.toMatchObject({
        code: 'VERSION_NOT_FOUND',
      });
      expect(await registry.listArtifacts('docs', version)).toEqual([kept]);
      expect(sha256((await registry.getArtifact('docs', version, 'bm25.json.gz'))?.data ?? blob(0))).toBe(kept.sha256);
      expect(await registry.listArtifacts('docs', 2)).toEqual([]);
      await registry.close();
    });

    it('when an artifact is put twice while building, then the second replaces the first', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      await registry.putArtifact('docs', version, 'bm25.json.gz', blob(2_000));
      const second = blob(500);
      const replaced = await registry.putArtifact('docs', version, 'bm25.json.gz', second);
      expect(replaced).toMatchObject({ bytes: 500, sha256: sha256(second) });
      const found = await registry.getArtifact('docs', version, 'bm25.json.gz');
      expect(found?.record).toEqual(replaced);
      expect(Buffer.from(found?.data ?? []).equals(second)).toBe(true);
      expect(await registry.listArtifacts('docs', version)).toEqual([replaced]);
      await registry.close();
    });

    it('when artifacts are listed, then they are the version’s own, by name, without data', async () => {
      const registry = await fixture().open();
      const first = await registry.createVersion('docs', null);
      const second = await registry.createVersion('docs', 1);
      const zeta = await registry.putArtifact('docs', first.version, 'zeta.bin', blob(30));
      const alpha = await registry.putArtifact('docs', first.version, 'alpha-1_x.json', blob(20));
      await registry.putArtifact('docs', second.version, 'other.bin', blob(10));
      const listed = await registry.listArtifacts('docs', first.version);
      expect(listed).toEqual([alpha, zeta]);
      expect(listed.every((record) => !('data' in record))).toBe(true);
      expect(await registry.listArtifacts('docs', 9)).toEqual([]);
      expect(await registry.listArtifacts('faq', first.version)).toEqual([]);
      await registry.close();
    });

    it('when an artifact, version or kb is unknown, then getting it returns undefined', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      await registry.putArtifact('docs', version, 'bm25.json.gz', blob(10));
      expect(await registry.getArtifact('docs', version, 'missing')).toBeUndefined();
      expect(await registry.getArtifact('docs', 9, 'bm25.json.gz')).toBeUndefined();
      expect(await registry.getArtifact('faq', version, 'bm25.json.gz')).toBeUndefined();
      await registry.close();
    });

    it('when an artifact name is invalid, then it is refused naming the value and nothing is stored', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      for (const name of ['', 'BM25.json', '.hidden', '-x', 'a/b', 'a b', 'é', 'a'.repeat(65)]) {
        await expect(registry.putArtifact('docs', version, name, blob(10))).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          message: expect.stringContaining(JSON.stringify(name)) as string,
        });
      }
      await expect(registry.getArtifact('docs', version, '../x')).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect(await registry.listArtifacts('docs', version)).toEqual([]);
      const longest = 'a'.repeat(64);
      expect((await registry.putArtifact('docs', version, longest, blob(1))).name).toBe(longest);
      await registry.close();
    });

    it('when a version is deleted, then its artifacts go with it and its row stays', async () => {
      const registry = await fixture().open();
      const first = await registry.createVersion('docs', null);
      await registry.putArtifact('docs', first.version, 'bm25.json.gz', blob(1_000));
      await registry.putArtifact('docs', first.version, 'extra', blob(10));
      await registry.finishVersion('docs', first.version, 'ready', manifest);
      const second = await registry.createVersion('docs', first.version);
      const kept = await registry.putArtifact('docs', second.version, 'bm25.json.gz', blob(100));
      await registry.finishVersion('docs', second.version, 'ready', manifest);
      await registry.moveAlias(promote('prod', null, second.version));
      await expect(registry.deleteVersion({ kb: 'docs', version: second.version, actor: 'gc' })).rejects.toThrow(
        /served by prod/,
      );
      expect(await registry.listArtifacts('docs', second.version)).toEqual([kept]);
      await registry.deleteVersion({ kb: 'docs', version: first.version, actor: 'gc' });
      expect(await registry.listArtifacts('docs', first.version)).toEqual([]);
      expect(await registry.getArtifact('docs', first.version, 'bm25.json.gz')).toBeUndefined();
      expect(await registry.getVersion('docs', first.version)).toMatchObject({ status: 'deleted', manifest });
      expect(await registry.listArtifacts('docs', second.version)).toEqual([kept]);
      await registry.close();
    });

    it('when a promotion and a delete of the same version race, then exactly one wins', async () => {
      const { open, openAgain } = fixture();
      const first = await open();
      const second = openAgain();
      await readyVersions(first, 'docs', 1);
      const [promoted, deleted] = await Promise.allSettled([
        first.moveAlias(promote('prod', null, 1)),
        second.deleteVersion({ kb: 'docs', version: 1, actor: 'gc' }),
      ]);
      expect([promoted.status, deleted.status].sort()).toEqual(['fulfilled', 'rejected']);
      const alias = await first.getAlias('prod', 'docs');
      const status = (await first.getVersion('docs', 1))?.status;
      expect(alias ? status === 'ready' : status === 'deleted').toBe(true);
      await Promise.all([first.close(), second.close()]);
    });
  });
  monitoringContract(backend, fixture);
  kbLeaseContract(backend, fixture);
  ingestionContract(backend, fixture);
}
