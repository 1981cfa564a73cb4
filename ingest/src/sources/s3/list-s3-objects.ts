import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** One object as a listing shows it. */
export interface ListedS3Object {
  key: string;
  /** As S3 sends it, quotes included: the value an `If-None-Match` takes. */
  etag: string;
  lastModified: Date;
  /** Bytes. */
  size: number;
}

/**
 * Every object under `prefix`, page by page (ListObjectsV2, `pageSize` keys a page, default 1000),
 * in S3's key order.
 * "Folder" placeholders (keys ending in `/`, as consoles create) are left out.
 */
export async function listS3Objects(
  client: S3Client,
  where: { bucket: string; prefix: string },
  options: { signal?: AbortSignal | undefined; pageSize?: number; onPage?: (listedSoFar: number) => void } = {},
): Promise<ListedS3Object[]> {
  const objects: ListedS3Object[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: where.bucket,
        MaxKeys: options.pageSize ?? 1000,
        ...(where.prefix !== '' ? { Prefix: where.prefix } : {}),
        ...(continuationToken !== undefined ? { ContinuationToken: continuationToken } : {}),
      }),
      { abortSignal: options.signal },
    );
    for (const entry of page.Contents ?? []) {
      if (entry.Key === undefined || entry.Key.endsWith('/')) continue;
      objects.push({
        key: entry.Key,
        etag: entry.ETag ?? '',
        lastModified: entry.LastModified ?? new Date(0),
        size: entry.Size ?? 0,
      });
    }
    options.onPage?.(objects.length);
    continuationToken = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (continuationToken !== undefined);
  return objects;
}
