import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IngestResult } from '@ragship/ingest';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { answeringIngestionRequests } from './ingestion-requests.js';

let registry: Registry;
beforeEach(() => {
  registry = createSqliteRegistry({ file: ':memory:' });
});
afterEach(() => registry.close());

const request = () => registry.requestIngestion({ kb: 'docs', source: 'docs', requestedBy: 'webhook' });
const built = (version: string | null) => ({ kb: 'docs', version, parent: 'v1' }) as IngestResult;

describe('answering recorded ingestion requests', () => {
  it('when a run builds a version, then the requests queued before it got the lease say so', async () => {
    const { record } = await request();
    const { requests } = await answeringIngestionRequests(registry, 'docs', 'ragship watch', async (onLeased) => {
      await onLeased();
      await request(); // arrives during the run: stays queued for one follow-up run
      return built('v2');
    });
    expect(requests).toEqual([record.id]);
    expect(await registry.getIngestion(record.id)).toMatchObject({
      status: 'succeeded',
      version: 2,
      message: 'built docs@v2',
    });
    expect(await registry.listIngestions({ kb: 'docs', status: 'queued' })).toHaveLength(1);
  });

  it('when a worker died mid-run, then the next run that holds the lease closes its requests as failed', async () => {
    const { record: abandoned } = await request();
    await registry.claimIngestions('docs', 'ragship watch on gone (pid 1)');
    const { record: fresh } = await request();
    await answeringIngestionRequests(registry, 'docs', 'ragship ingest', async (onLeased) => {
      await onLeased();
      return built(null);
    });
    expect(await registry.getIngestion(abandoned.id)).toMatchObject({ status: 'failed' });
    expect((await registry.getIngestion(abandoned.id))?.message).toContain(
      'its worker (ragship watch on gone (pid 1)) stopped',
    );
    expect(await registry.getIngestion(fresh.id)).toMatchObject({ status: 'succeeded', version: null });
  });

  it('when the run fails before it holds the lease, then the queued requests are answered with the error, not left queued', async () => {
    const { record } = await request();
    const failing = answeringIngestionRequests(registry, 'docs', 'ragship watch', () =>
      Promise.reject(new Error('Unsupported source scheme "ftp://"')),
    );
    await expect(failing).rejects.toThrow('ftp://');
    expect(await registry.getIngestion(record.id)).toMatchObject({
      status: 'failed',
      message: 'Unsupported source scheme "ftp://"',
    });
  });
});
