import { stat } from 'node:fs/promises';
import type { S3ObjectRecord } from '../document-source.js';
import type { ListedS3Object } from './list-s3-objects.js';
import { mirrorPathOf } from './mirror-path-of.js';

/** One object to GET. */
export interface S3Fetch {
  object: ListedS3Object;
  /** What the previous run recorded of it, when its mirror copy is intact: sent as `If-None-Match`, kept on a 304. */
  current?: S3ObjectRecord | undefined;
}

/** What a snapshot must do to bring the mirror up to a listing. */
export interface S3SyncPlan {
  /** Objects whose mirror copy already holds the listed ETag: kept as the previous run recorded them, not fetched. */
  keep: S3ObjectRecord[];
  /** New objects, changed ones, and ones whose mirror copy is missing or has the wrong size. */
  fetch: S3Fetch[];
  /** True when there was a previous run, nothing needs fetching and nothing it recorded has gone. */
  unchanged: boolean;
}

/**
 * Compares `listed` (the objects to mirror) with what the previous run recorded, by key and ETag
 * (listings carry no version ids; a fetched object's version id is recorded and kept with it),
 * and checks each previously recorded copy is in the mirror with its recorded size.
 */
export async function planS3Sync(
  listed: readonly ListedS3Object[],
  previous: readonly S3ObjectRecord[] | undefined,
  objectsDir: string,
): Promise<S3SyncPlan> {
  const previousByKey = new Map((previous ?? []).map((record) => [record.key, record]));
  const keep: S3ObjectRecord[] = [];
  const fetch: S3Fetch[] = [];
  for (const object of listed) {
    const recorded = previousByKey.get(object.key);
    const intact = recorded !== undefined && (await hasCopy(objectsDir, recorded));
    if (intact && recorded.etag === object.etag) keep.push(recorded);
    else fetch.push({ object, current: intact ? recorded : undefined });
  }
  const unchanged = previous !== undefined && fetch.length === 0 && keep.length === previous.length;
  return { keep, fetch, unchanged };
}

/** Whether the mirror holds a file of `record`'s size at `record.key`. */
async function hasCopy(objectsDir: string, record: S3ObjectRecord): Promise<boolean> {
  const file = mirrorPathOf(objectsDir, record.key);
  if (file === undefined) return false;
  const stats = await stat(file).catch(() => undefined);
  return stats !== undefined && stats.isFile() && stats.size === record.size;
}
