import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createS3Source } from './create-s3-source.js';

// Real S3 (or any S3-compatible service): RAGSHIP_S3_LIVE_URI=s3://bucket/prefix, credentials and
// region from the SDK's chain (AWS_*), RAGSHIP_S3_LIVE_ENDPOINT for a non-AWS service.
const liveUri = process.env.RAGSHIP_S3_LIVE_URI;
const endpoint = process.env.RAGSHIP_S3_LIVE_ENDPOINT;
const live = describe.skipIf(!liveUri); // reason: needs real S3 credentials (RAGSHIP_S3_LIVE_URI, AWS_*); none here

live('createS3Source against real S3', () => {
  it('when the prefix is snapshotted twice, then the second snapshot is unchanged', { timeout: 120_000 }, async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'ragship-s3-live-'));
    try {
      const source = createS3Source(liveUri ?? '', endpoint ? { endpoint } : {});

      const first = await source.snapshot({ previous: undefined, cacheDir });
      const second = await source.snapshot({ previous: first.record, cacheDir });

      expect(first.record.kind === 's3' && first.record.objects.length).toBeGreaterThan(0);
      expect(second.unchanged).toBe(true);
      expect(second.record).toEqual(first.record);
    } finally {
      await rm(cacheDir, { recursive: true, force: true });
    }
  });
});
