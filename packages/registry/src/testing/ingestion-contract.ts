import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { RegistryFixture } from './registry-contract.js';

const holder = (owner: string) => ({ owner, description: `ragship ingest as ${owner}` });
const request = (kb: string, requestedBy = 'alice', source = '/srv/corpus') => ({ kb, source, requestedBy });
const MINUTE = 60_000;

/** The kb lease every backend owes; part of the registry contract. */
export function kbLeaseContract(backend: string, fixture: () => RegistryFixture): void {
  describe(`${backend} kb leases`, () => {
    it('when two connections acquire a kb at once, then exactly one holds it and the others are told who', async () => {
      const { open, openAgain } = fixture();
      const first = await open();
      const second = openAgain();
      const attempts = await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          (index % 2 ? first : second).acquireKbLease('docs', holder(`run-${index}`), MINUTE),
        ),
      );
      const winners = attempts.filter((attempt) => attempt.acquired);
      expect(winners).toHaveLength(1);
      const owner = winners[0]?.lease.owner;
      expect(attempts.map((attempt) => attempt.lease.owner)).toEqual(attempts.map(() => owner));
      expect(await first.getKbLease('docs')).toEqual(winners[0]?.lease);
      expect(winners[0]?.lease).toMatchObject({ kb: 'docs', description: `ragship ingest as ${owner}` });
      expect(Date.parse(winners[0]?.lease.expiresAt ?? '') - Date.parse(winners[0]?.lease.acquiredAt ?? '')).toBe(
        MINUTE,
      );
      expect((await second.acquireKbLease('faq', holder('run-x'), MINUTE)).acquired).toBe(true);
      await Promise.all([first.close(), second.close()]);
    });

    it('when the holder acquires again, then it keeps the lease and its acquiredAt, with a later expiry', async () => {
      const registry = await fixture().open();
      const first = await registry.acquireKbLease('docs', holder('a'), MINUTE);
      const again = await registry.acquireKbLease('docs', { owner: 'a', description: 'still a' }, 2 * MINUTE);
      expect(again.acquired).toBe(true);
      expect(again.lease).toMatchObject({ owner: 'a', description: 'still a', acquiredAt: first.lease.acquiredAt });
      expect(Date.parse(again.lease.expiresAt)).toBeGreaterThan(Date.parse(first.lease.expiresAt));
      await registry.close();
    });

    it('when a lease expires, then another owner takes it over and the first can no longer renew or release it', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const other = openAgain();
      await registry.acquireKbLease('docs', holder('a'), 1);
      await sleep(30);
      const takeover = await other.acquireKbLease('docs', holder('b'), MINUTE);
      expect(takeover).toMatchObject({ acquired: true, lease: { owner: 'b' } });
      expect(await registry.renewKbLease('docs', 'a', MINUTE)).toBe(false);
      await registry.releaseKbLease('docs', 'a');
      expect((await registry.getKbLease('docs'))?.owner).toBe('b');
      const refused = await registry.acquireKbLease('docs', holder('c'), MINUTE);
      expect(refused).toEqual({ acquired: false, lease: takeover.lease });
      await Promise.all([registry.close(), other.close()]);
    });

    it('when the holder renews, then its lease runs on from now; when it releases, then the next owner gets it at once', async () => {
      const registry = await fixture().open();
      await registry.acquireKbLease('docs', holder('a'), 1);
      await sleep(30);
      // Expired but not taken over: still the holder's, so a late renewal keeps it.
      expect(await registry.renewKbLease('docs', 'a', MINUTE)).toBe(true);
      const renewed = await registry.getKbLease('docs');
      expect(Date.parse(renewed?.expiresAt ?? '')).toBeGreaterThan(Date.now() + MINUTE / 2);
      expect((await registry.acquireKbLease('docs', holder('b'), MINUTE)).acquired).toBe(false);
      await registry.releaseKbLease('docs', 'a');
      expect(await registry.getKbLease('docs')).toBeUndefined();
      expect(await registry.renewKbLease('docs', 'a', MINUTE)).toBe(false);
      expect((await registry.acquireKbLease('docs', holder('b'), MINUTE)).acquired).toBe(true);
      await registry.close();
    });

    it('when the lease time is not a positive whole number of milliseconds, then it is refused', async () => {
      const registry = await fixture().open();
      for (const ttlMs of [0, -5, 1.5, Number.NaN]) {
        await expect(registry.acquireKbLease('docs', holder('a'), ttlMs)).rejects.toMatchObject({
          code: 'INVALID_INPUT',
          message: expect.stringMatching(/lease time must be a positive whole number/) as string,
        });
      }
      expect(await registry.getKbLease('docs')).toBeUndefined();
      await registry.acquireKbLease('docs', holder('a'), MINUTE);
      await expect(registry.renewKbLease('docs', 'a', 0)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      await registry.close();
    });
  });
}

/** The recorded ingestion requests every backend owes; part of the registry contract. */
export function ingestionContract(backend: string, fixture: () => RegistryFixture): void {
  describe(`${backend} ingestion requests`, () => {
    it('when a request is recorded, then it is queued with who asked, and its source is stored without credentials', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const source = 'git+https://bot:t0ken-secret@git.example.com/org/wiki.git?access_token=abc123#main';
      const { record, coalesced } = await registry.requestIngestion(request('wiki', 'webhook', source));
      expect(coalesced).toBe(false);
      expect(record).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as string,
        kb: 'wiki',
        source: 'git+https://git.example.com/org/wiki.git?access_token=***#main',
        status: 'queued',
        requestedBy: 'webhook',
        requestedAt: expect.any(String) as string,
        startedAt: null,
        finishedAt: null,
        runner: null,
        version: null,
        message: null,
      });
      expect(Date.parse(record.requestedAt)).not.toBeNaN();
      const other = openAgain();
      expect(await other.getIngestion(record.id)).toEqual(record);
      expect(JSON.stringify(await other.listIngestions())).not.toMatch(/t0ken|abc123|bot/);
      expect(await other.getIngestion('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      await Promise.all([registry.close(), other.close()]);
    });

    it('when a kb is requested again while one is queued, then the queued one comes back coalesced, also under a race', async () => {
      const { open, openAgain } = fixture();
      const first = await open();
      const second = openAgain();
      const queued = await first.requestIngestion(request('docs', 'alice'));
      const again = await second.requestIngestion(request('docs', 'bob'));
      expect(again).toEqual({ record: queued.record, coalesced: true });
      expect((await first.requestIngestion(request('faq'))).coalesced).toBe(false);
      const raced = await Promise.all(
        Array.from({ length: 6 }, (_, index) => (index % 2 ? first : second).requestIngestion(request('notes'))),
      );
      expect(new Set(raced.map((result) => result.record.id)).size).toBe(1);
      expect(raced.filter((result) => !result.coalesced)).toHaveLength(1);
      expect((await first.listIngestions({ status: 'queued' })).map((record) => record.kb).sort()).toEqual([
        'docs',
        'faq',
        'notes',
      ]);
      await Promise.all([first.close(), second.close()]);
    });

    it('when a kb’s requests are claimed, then all queued ones run, none stays queued, and a trigger during the run queues one follow-up', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const other = openAgain();
      const { record } = await registry.requestIngestion(request('docs'));
      await registry.requestIngestion(request('faq'));
      const claimed = await other.claimIngestions('docs', 'ragship watch on h (pid 7)');
      expect(claimed).toEqual([
        { ...record, status: 'running', runner: 'ragship watch on h (pid 7)', startedAt: expect.any(String) as string },
      ]);
      expect(Date.parse(claimed[0]?.startedAt ?? '')).not.toBeNaN();
      expect(await registry.claimIngestions('docs', 'another')).toEqual([]);
      expect((await registry.listIngestions({ status: 'queued' })).map((item) => item.kb)).toEqual(['faq']);
      const followUp = await registry.requestIngestion(request('docs', 'bob'));
      expect(followUp.coalesced).toBe(false);
      expect(followUp.record.id).not.toBe(record.id);
      expect((await other.requestIngestion(request('docs', 'carol'))).record.id).toBe(followUp.record.id);
      const racing = await Promise.all([registry.claimIngestions('docs', 'w1'), other.claimIngestions('docs', 'w2')]);
      expect(racing.flat().map((item) => item.id)).toEqual([followUp.record.id]);
      expect(await registry.listIngestions({ kb: 'docs', status: 'queued' })).toEqual([]);
      await Promise.all([registry.close(), other.close()]);
    });

    it('when claimed requests finish, then they keep the outcome; finishing one not running or unknown changes nothing', async () => {
      const { open, openAgain } = fixture();
      const registry = await open();
      const other = openAgain();
      const { record } = await registry.requestIngestion(request('docs'));
      await registry.claimIngestions('docs', 'w1');
      const [finished] = await other.finishIngestions([record.id], {
        status: 'succeeded',
        version: 3,
        message: 'built v3',
      });
      expect(finished).toMatchObject({ id: record.id, status: 'succeeded', version: 3, message: 'built v3' });
      expect(Date.parse(finished?.finishedAt ?? '')).not.toBeNaN();
      expect(await registry.getIngestion(record.id)).toEqual(finished);
      await expect(
        registry.finishIngestions([record.id], { status: 'failed', version: null, message: 'again' }),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
        message: expect.stringMatching(/is succeeded, not running/) as string,
      });

      const queued = (await registry.requestIngestion(request('docs'))).record;
      await expect(
        registry.finishIngestions([queued.id], { status: 'failed', version: null, message: 'x' }),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
      const [running] = await registry.claimIngestions('docs', 'w2');
      const unknown = '00000000-0000-4000-8000-000000000000';
      await expect(
        registry.finishIngestions([running?.id ?? '', unknown], { status: 'failed', version: null, message: 'x' }),
      ).rejects.toMatchObject({ code: 'INGESTION_NOT_FOUND', message: expect.stringContaining(unknown) as string });
      await expect(
        registry.finishIngestions([running?.id ?? ''], { status: 'succeeded', version: 0, message: 'x' }),
      ).rejects.toMatchObject({ code: 'INVALID_INPUT' });
      expect((await registry.getIngestion(running?.id ?? ''))?.status).toBe('running');
      const upToDate = await registry.finishIngestions([running?.id ?? ''], {
        status: 'succeeded',
        version: null,
        message: 'up to date',
      });
      expect(upToDate).toEqual([
        expect.objectContaining({ status: 'succeeded', version: null, message: 'up to date' }),
      ]);
      expect(await registry.finishIngestions([], { status: 'failed', version: null, message: 'none' })).toEqual([]);
      await Promise.all([registry.close(), other.close()]);
    });

    it('when requests are listed, then newest first, narrowed by kb, status and limit', async () => {
      const registry = await fixture().open();
      const docs = (await registry.requestIngestion(request('docs'))).record;
      const faq = (await registry.requestIngestion(request('faq'))).record;
      await registry.claimIngestions('docs', 'w1');
      const docsAgain = (await registry.requestIngestion(request('docs'))).record;
      const ids = (records: { id: string }[]) => records.map((record) => record.id);
      expect(ids(await registry.listIngestions())).toEqual([docsAgain.id, faq.id, docs.id]);
      expect(ids(await registry.listIngestions({ kb: 'docs' }))).toEqual([docsAgain.id, docs.id]);
      expect(ids(await registry.listIngestions({ kb: 'docs', status: 'running' }))).toEqual([docs.id]);
      expect(ids(await registry.listIngestions({ limit: 2 }))).toEqual([docsAgain.id, faq.id]);
      expect(await registry.listIngestions({ kb: 'nothing' })).toEqual([]);
      await registry.close();
    });
  });
}
