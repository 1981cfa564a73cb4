import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { errorMessage } from '@ragship/core';
import type { S3ObjectRecord, SnapshotOptions, SourceSnapshot } from '../document-source.js';
import { createS3Client } from './create-s3-client.js';
import { downloadS3Object } from './download-s3-object.js';
import { mapConcurrently } from '../map-concurrently.js';
import { listS3Objects, type ListedS3Object } from './list-s3-objects.js';
import { mirrorPathOf } from './mirror-path-of.js';
import { planS3Sync, type S3Fetch } from './plan-s3-sync.js';
import { pruneMirror } from '../prune-mirror.js';
import { s3ObjectSkipReason } from './s3-object-skip-reason.js';
import type { S3SourceSettings } from './s3-source-settings.js';
import { toS3SourceError, type S3ErrorContext } from './to-s3-source-error.js';

/** The prefix a snapshot mirrors, and how to reach it. */
export interface S3PrefixTarget extends S3ErrorContext {
  /** Empty, or a folder ending in `/`. */
  prefix: string;
  settings: S3SourceSettings;
}

type Skipped = NonNullable<SourceSnapshot['skipped']>;

/**
 * Brings the mirror `cacheDir/objects` up to the prefix's listing: unchanged objects (same key and
 * ETag, copy present) are not requested, changed and new ones are fetched (with `If-None-Match`
 * when a copy exists), and files of objects no longer listed are deleted. The object keys are the
 * paths under the mirror, so they are the docIds.
 *
 * @throws RagshipError `SOURCE_UNAVAILABLE` naming the location when the bucket is missing, access is
 * denied or the endpoint cannot be reached; `options.signal`'s reason when it aborts.
 */
export async function snapshotS3Prefix(target: S3PrefixTarget, options: SnapshotOptions): Promise<SourceSnapshot> {
  const client = createS3Client(target.settings);
  try {
    return await syncMirror(client, target, options);
  } catch (error) {
    options.signal?.throwIfAborted();
    throw toS3SourceError(error, target);
  } finally {
    client.destroy();
  }
}

async function syncMirror(client: S3Client, target: S3PrefixTarget, options: SnapshotOptions): Promise<SourceSnapshot> {
  const objectsDir = path.join(options.cacheDir, 'objects');
  options.onProgress?.({ phase: 'listing', done: 0 });
  const listed = await listS3Objects(client, target, {
    signal: options.signal,
    onPage: (done) => options.onProgress?.({ phase: 'listing', done }),
  });
  const { wanted, skipped } = selectObjects(listed, objectsDir, target.settings.maxFileBytes);
  const previous = options.previous?.kind === 's3' ? options.previous.objects : undefined;
  const plan = await planS3Sync(wanted, previous, objectsDir);
  const objects = [...plan.keep];
  if (!plan.unchanged) {
    objects.push(...(await fetchObjects(client, target, plan.fetch, { ...options, objectsDir, skipped })));
    await pruneMirror(objectsDir, new Set(objects.map((object) => object.key)));
  }
  await mkdir(objectsDir, { recursive: true });
  objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    directory: objectsDir,
    record: { kind: 's3', location: target.location, endpoint: target.endpoint, objects },
    unchanged: plan.unchanged,
    sourceUrls: new Map(objects.map((object) => [object.key, `s3://${target.bucket}/${object.key}`])),
    skipped,
    release: () => Promise.resolve(),
  };
}

/** The listed objects to mirror, and the others with the reason, none of them downloaded. */
function selectObjects(
  listed: readonly ListedS3Object[],
  objectsDir: string,
  maxFileBytes: number,
): { wanted: ListedS3Object[]; skipped: Skipped } {
  const wanted: ListedS3Object[] = [];
  const skipped: Skipped = [];
  for (const object of listed) {
    const reason =
      s3ObjectSkipReason(object, maxFileBytes) ??
      (mirrorPathOf(objectsDir, object.key) === undefined
        ? 'key would lie outside the mirror: not downloaded'
        : undefined);
    if (reason === undefined) wanted.push(object);
    else skipped.push({ path: object.key, reason });
  }
  return { wanted, skipped };
}

/**
 * GETs `fetches` into the mirror, a few at a time: the records of what the mirror now holds. An
 * object deleted since the listing is left out (and logged); one whose copy cannot be written is
 * added to `skipped`.
 */
async function fetchObjects(
  client: S3Client,
  target: S3PrefixTarget,
  fetches: readonly S3Fetch[],
  options: SnapshotOptions & { objectsDir: string; skipped: Skipped },
): Promise<S3ObjectRecord[]> {
  const records: S3ObjectRecord[] = [];
  const tempDir = path.join(options.cacheDir, 'partial');
  await rm(tempDir, { recursive: true, force: true });
  let done = 0;
  options.onProgress?.({ phase: 'fetching', done, total: fetches.length });
  await mapConcurrently(fetches, target.settings.concurrency, async ({ object, current }) => {
    const key = object.key;
    const result = await downloadS3Object(client, {
      bucket: target.bucket,
      key,
      ifNoneMatch: current?.etag,
      // selectObjects left out every key that is no safe relative path.
      target: path.join(options.objectsDir, ...key.split('/')),
      tempDir,
      signal: options.signal,
    }).catch((error: unknown) => {
      if (!isFileSystemError(error)) throw error;
      options.skipped.push({ path: key, reason: `cannot write the mirror copy: ${errorMessage(error)}` });
      return undefined;
    });
    if (result?.kind === 'downloaded') records.push(result.record);
    else if (result?.kind === 'not-modified' && current !== undefined) records.push(current);
    else if (result?.kind === 'gone')
      options.log?.(`${key} was deleted from ${target.location} while it was read: left out`);
    done += 1;
    options.onProgress?.({ phase: 'fetching', done, total: fetches.length });
  });
  await rm(tempDir, { recursive: true, force: true });
  return records;
}

/** An error of the file system (ENOSPC, EISDIR, ENAMETOOLONG, …) rather than of S3. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}
