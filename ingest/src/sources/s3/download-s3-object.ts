import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { RagshipError } from '@ragship/core';
import type { S3ObjectRecord } from '../document-source.js';
import { sdkErrorStatus } from './sdk-error-status.js';

/** What a {@link downloadS3Object} call found. */
export type S3DownloadResult =
  /** The object was written to the mirror; `record` describes the bytes written. */
  | { kind: 'downloaded'; record: S3ObjectRecord }
  /** The object still has the ETag given as `ifNoneMatch` (304): the mirror copy stands. */
  | { kind: 'not-modified' }
  /** The object was deleted after it was listed. */
  | { kind: 'gone' };

/** One GetObject and where its body goes. */
export interface S3DownloadRequest {
  bucket: string;
  key: string;
  /** The ETag of the mirror copy, sent as `If-None-Match` so an unchanged object is not sent again. */
  ifNoneMatch?: string | undefined;
  /** The mirror file the object becomes. */
  target: string;
  /** A directory on the mirror's file system, outside the mirror, for the partial download. */
  tempDir: string;
  signal?: AbortSignal | undefined;
}

/**
 * GETs one object into `request.target` atomically (downloaded beside it in `tempDir`, then
 * renamed), with the file's modification time set to the object's LastModified.
 *
 * @throws the SDK's error for any failure but 304 and NoSuchKey; a file-system error writing the copy.
 */
export async function downloadS3Object(client: S3Client, request: S3DownloadRequest): Promise<S3DownloadResult> {
  const response = await client
    .send(
      new GetObjectCommand({
        Bucket: request.bucket,
        Key: request.key,
        ...(request.ifNoneMatch !== undefined ? { IfNoneMatch: request.ifNoneMatch } : {}),
      }),
      { abortSignal: request.signal },
    )
    .catch((error: unknown) => {
      if (sdkErrorStatus(error) === 304) return 'not-modified' as const;
      if (error instanceof Error && error.name === 'NoSuchKey') return 'gone' as const;
      throw error;
    });
  if (response === 'not-modified' || response === 'gone') return { kind: response };
  if (response.Body === undefined) {
    throw new RagshipError('SOURCE_UNAVAILABLE', `S3 answered GetObject of "${request.key}" without a body.`);
  }
  const lastModified = response.LastModified ?? new Date();
  const temporary = path.join(request.tempDir, randomUUID());
  await mkdir(request.tempDir, { recursive: true });
  let size: number;
  try {
    const body =
      response.Body instanceof Readable ? response.Body : Readable.from(await response.Body.transformToByteArray());
    await pipeline(body, createWriteStream(temporary), { signal: request.signal });
    await utimes(temporary, lastModified, lastModified);
    ({ size } = await stat(temporary));
    await mkdir(path.dirname(request.target), { recursive: true });
    await rename(temporary, request.target);
  } finally {
    await rm(temporary, { force: true });
  }
  const record: S3ObjectRecord = {
    key: request.key,
    etag: response.ETag ?? '',
    lastModified: lastModified.toISOString(),
    size,
    ...(response.VersionId !== undefined ? { versionId: response.VersionId } : {}),
  };
  return { kind: 'downloaded', record };
}
