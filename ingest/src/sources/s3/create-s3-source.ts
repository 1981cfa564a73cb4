import type { DocumentSource, SnapshotOptions, SourceSnapshot } from '../document-source.js';
import { credentialFreeEndpoint } from './credential-free-endpoint.js';
import { parseS3Uri } from './parse-s3-uri.js';
import { resolveS3SourceSettings, type S3SourceSettings } from './s3-source-settings.js';
import { snapshotS3Prefix } from './snapshot-s3-prefix.js';

export { DEFAULT_S3_SOURCE_SETTINGS, type S3SourceSettings } from './s3-source-settings.js';

/**
 * An S3 prefix, `s3://<bucket>/<prefix>` (AWS S3, or an S3-compatible server at
 * `settings.endpoint`), mirrored into the snapshot's cache so that object keys are docIds. A re-run
 * lists the prefix and fetches only new and changed objects; a listing the previous run recorded,
 * with its copies in place, is `unchanged` without a single GetObject. Objects of a type no loader
 * reads, over `maxFileBytes`, or with keys that are no safe path are skipped unread.
 *
 * @throws InvalidInputError for a bad URI; ConfigError for bad settings.
 */
export function createS3Source(uri: string, settings: Partial<S3SourceSettings> = {}): DocumentSource {
  const { bucket, prefix, location } = parseS3Uri(uri);
  const resolved = resolveS3SourceSettings(settings);
  const endpoint = resolved.endpoint === undefined ? null : credentialFreeEndpoint(resolved.endpoint);
  return {
    kind: 's3',
    location,
    snapshot: (options: SnapshotOptions): Promise<SourceSnapshot> =>
      snapshotS3Prefix({ bucket, prefix, location, endpoint, settings: resolved }, options),
  };
}
