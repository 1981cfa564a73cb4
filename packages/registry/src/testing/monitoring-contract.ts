import { describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import type { RegistryFixture } from './registry-contract.js';

const manifest = { kb: 'docs', version: 'v1', chunks: 3 } as unknown as Manifest;

/** The behaviour every backend's {@link MonitoringRecords} owes; part of the registry contract. */
export function monitoringContract(backend: string, fixture: () => RegistryFixture): void {
  describe(`${backend} monitoring records`, () => {
    it('when a baseline is stored, then it reads back per version and environment, replaced unless ifAbsent', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      await expect(
        registry.monitoring.putBaseline({ kb: 'docs', version, environment: 'prod', data: { n: 1 } }),
      ).rejects.toThrow(/docs@v1 is building, not ready/);
      await registry.finishVersion('docs', version, 'ready', manifest);
      const data = { source: 'queries', samples: 2, signals: { coverage: [0.25, 1] } };
      const stored = await registry.monitoring.putBaseline({ kb: 'docs', version, environment: 'prod', data });
      expect(stored).toMatchObject({ kb: 'docs', version, environment: 'prod', data });
      expect(Date.parse(stored.createdAt)).not.toBeNaN();
      expect(await registry.monitoring.getBaseline('docs', version, 'staging')).toBeUndefined();
      const kept = await registry.monitoring.putBaseline(
        { kb: 'docs', version, environment: 'prod', data: { other: true } },
        { ifAbsent: true },
      );
      expect(kept.data).toEqual(data);
      await registry.monitoring.putBaseline({ kb: 'docs', version, environment: 'prod', data: { replaced: true } });
      expect((await registry.monitoring.getBaseline('docs', version, 'prod'))?.data).toEqual({ replaced: true });
      await expect(
        registry.monitoring.putBaseline({ kb: 'docs', version: 9, environment: 'prod', data }),
      ).rejects.toThrow(/docs@v9 does not exist/);
      await registry.close();
    });

    it('when an eval result is recorded, then the ready manifest holds it by eval set, and other fields stay', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      const record = {
        dataset: 'scifact',
        kind: 'beir',
        metrics: { 'ndcg@10': 0.69 },
        measuredAt: '2026-12-03T00:00:00.000Z',
      };
      await expect(registry.monitoring.recordEval('docs', version, 'set-a', record)).rejects.toThrow(/not ready/);
      await registry.finishVersion('docs', version, 'ready', manifest);
      await registry.monitoring.recordEval('docs', version, 'set-a', record);
      const again = { ...record, metrics: { 'ndcg@10': 0.7 } };
      const stored = await registry.monitoring.recordEval('docs', version, 'set-a', again);
      await registry.monitoring.recordEval('docs', version, 'set-b', record);
      expect(stored.eval).toEqual({ 'set-a': again });
      const read = (await registry.getVersion('docs', version))?.manifest;
      expect(read).toEqual({ ...manifest, eval: { 'set-a': again, 'set-b': record } });
      await registry.close();
    });

    it('when a version is deleted, then its baselines go with it', async () => {
      const registry = await fixture().open();
      const { version } = await registry.createVersion('docs', null);
      await registry.finishVersion('docs', version, 'ready', manifest);
      await registry.monitoring.putBaseline({ kb: 'docs', version, environment: 'dev', data: [1] });
      await registry.deleteVersion({ kb: 'docs', version, actor: 'gc' });
      expect(await registry.monitoring.getBaseline('docs', version, 'dev')).toBeUndefined();
      await registry.close();
    });

    it('when feedback is added, then it lists newest first and filters by trace, kb and environment', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const other = openAgain();
      const first = await registry.monitoring.addFeedback({
        traceId: 'a'.repeat(32),
        rating: 1,
        comment: 'spot on',
        kb: 'docs',
        version: 3,
        environment: 'prod',
      });
      expect(first).toMatchObject({ traceId: 'a'.repeat(32), rating: 1, comment: 'spot on', kb: 'docs', version: 3 });
      expect(Date.parse(first.at)).not.toBeNaN();
      await other.monitoring.addFeedback({
        traceId: 'b'.repeat(32),
        rating: -1,
        comment: null,
        kb: null,
        version: null,
        environment: 'prod',
      });
      const all = await registry.monitoring.listFeedback();
      expect(all.map((entry) => [entry.rating, entry.kb, entry.comment])).toEqual([
        [-1, null, null],
        [1, 'docs', 'spot on'],
      ]);
      expect(all[0]!.id).toBeGreaterThan(all[1]!.id);
      expect(await registry.monitoring.listFeedback({ traceId: 'a'.repeat(32) })).toEqual([first]);
      expect(await registry.monitoring.listFeedback({ kb: 'docs', environment: 'prod' })).toEqual([first]);
      expect(await registry.monitoring.listFeedback({ environment: 'staging' })).toEqual([]);
      expect(await registry.monitoring.listFeedback({ limit: 1 })).toHaveLength(1);
      await Promise.all([registry.close(), other.close()]);
    });

    it('when an answer is recorded, then any connection finds it in its environment until it is pruned', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const other = openAgain();
      const traceId = 'c'.repeat(32);
      const answer = {
        traceId,
        environment: 'prod',
        kb: 'docs',
        version: 3,
        caller: 'support-bot',
        spanId: 'd'.repeat(16),
      };
      await registry.monitoring.recordAnswer(answer);
      await other.monitoring.recordAnswer({ ...answer, caller: 'someone-else' });
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      const found = await other.monitoring.findAnswer(traceId, 'prod', hourAgo);
      expect(found).toEqual({ ...answer, at: expect.any(String) as string });
      expect(Date.parse(found!.at)).not.toBeNaN();
      expect(await registry.monitoring.findAnswer(traceId, 'staging', hourAgo)).toBeUndefined();
      expect(await registry.monitoring.findAnswer(traceId, 'prod', inAnHour)).toBeUndefined();
      expect(await registry.monitoring.pruneAnswers(hourAgo)).toBe(0);
      expect(await registry.monitoring.pruneAnswers(inAnHour)).toBe(1);
      expect(await registry.monitoring.findAnswer(traceId, 'prod', hourAgo)).toBeUndefined();
      await Promise.all([registry.close(), other.close()]);
    });
  });
}
