import { InvalidInputError } from '@ragship/core';

/** An `s3://bucket/prefix` URI taken apart. */
export interface S3Uri {
  bucket: string;
  /** The key prefix listed: empty for the whole bucket, else a folder ending in `/`. */
  prefix: string;
  /** `s3://<bucket>/<prefix>`, the form the manifest records and messages quote. */
  location: string;
}

// S3's rules for bucket names: 3–63 lowercase letters, digits, dots and hyphens, starting and
// ending with a letter or digit.
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Parses `s3://<bucket>/<prefix>` (scheme in any case). The prefix names a folder: `s3://b/docs`
 * and `s3://b/docs/` both list the keys under `docs/` (as `aws s3 sync` does), never `docs-old/…`.
 * Keys are taken literally: no percent-decoding, and `?` or `#` are part of the prefix.
 *
 * @throws InvalidInputError naming what is wrong: not `s3://`, credentials in the URI, a bad bucket
 * name, a `.`, `..` or empty segment in the prefix.
 */
export function parseS3Uri(uri: string): S3Uri {
  const match = /^s3:\/\/([^/]*)(?:\/(.*))?$/is.exec(uri.trim());
  if (!match) throw new InvalidInputError(`Not an S3 URI: expected s3://<bucket>/<prefix>.`, 'source');
  const bucket = match[1] ?? '';
  if (bucket.includes('@')) {
    // Never quote this part: it holds credentials.
    throw new InvalidInputError(
      'Credentials do not belong in an s3:// URI: give them in the S3 source settings or through the AWS_* environment.',
      'source',
    );
  }
  if (bucket === '')
    throw new InvalidInputError('The S3 URI names no bucket: expected s3://<bucket>/<prefix>.', 'source');
  if (!BUCKET_NAME.test(bucket)) {
    // Quote the name only when it cannot be a secret pasted in the wrong place.
    const named = /^[\w.-]{1,63}$/.test(bucket) ? ` "${bucket}"` : '';
    throw new InvalidInputError(
      `Invalid S3 bucket name${named}: use 3–63 lowercase letters, digits, dots and hyphens (s3://<bucket>/<prefix>).`,
      'source',
    );
  }
  const prefix = folderPrefix(match[2] ?? '');
  const badSegment = prefix
    .split('/')
    .slice(0, -1)
    .find((segment) => segment === '' || segment === '.' || segment === '..');
  if (badSegment !== undefined) {
    const what = badSegment === '' ? 'an empty segment (//)' : `a "${badSegment}" segment`;
    throw new InvalidInputError(`Invalid S3 prefix "${prefix}" in s3://${bucket}/: it has ${what}.`, 'source');
  }
  return { bucket, prefix, location: `s3://${bucket}/${prefix}` };
}

function folderPrefix(prefix: string): string {
  return prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
}
