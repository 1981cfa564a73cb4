import { ConfigError } from '@ragship/core';

/**
 * How an S3 source reaches its bucket. Credentials given here, or found by the SDK's default chain
 * when absent (the `AWS_*` environment, shared profiles, instance roles), are used to sign
 * requests only: never logged, recorded, quoted in errors or written to disk.
 */
export interface S3SourceSettings {
  /**
   * URL of an S3-compatible server (MinIO, Cloudflare R2, s3rver…), e.g. `http://127.0.0.1:9000`.
   * Undefined for AWS S3 itself.
   */
  endpoint?: string | undefined;
  /** Region requests are signed for. Default: the SDK's region chain (`AWS_REGION`, the profile's region), else `us-east-1`. */
  region?: string | undefined;
  /** Address buckets as `<endpoint>/<bucket>` rather than `<bucket>.<endpoint>`. Default: true when `endpoint` is set. */
  forcePathStyle?: boolean | undefined;
  /** Access key id; give it with `secretAccessKey`, or leave both out for the SDK's default chain. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Session token of temporary credentials. */
  sessionToken?: string | undefined;
  /** Largest object downloaded, in bytes, by its listed size; a larger one is skipped unread. Default 52428800 (50 MiB). */
  maxFileBytes: number;
  /** Objects downloaded at once. Default 4. */
  concurrency: number;
  /** Milliseconds to connect, and the longest a connection may sit idle mid-request. Default 30000. */
  timeoutMs: number;
}

/** The defaults of {@link S3SourceSettings}. */
export const DEFAULT_S3_SOURCE_SETTINGS = {
  maxFileBytes: 52_428_800,
  concurrency: 4,
  timeoutMs: 30_000,
} as const satisfies Partial<S3SourceSettings>;

/**
 * `settings` over the defaults, checked: positive limits, both halves of an access key, an
 * `http(s)` endpoint.
 *
 * @throws ConfigError naming the setting that is wrong (never its secret value).
 */
export function resolveS3SourceSettings(settings: Partial<S3SourceSettings> = {}): S3SourceSettings {
  const resolved: S3SourceSettings = {
    ...settings,
    maxFileBytes: settings.maxFileBytes ?? DEFAULT_S3_SOURCE_SETTINGS.maxFileBytes,
    concurrency: settings.concurrency ?? DEFAULT_S3_SOURCE_SETTINGS.concurrency,
    timeoutMs: settings.timeoutMs ?? DEFAULT_S3_SOURCE_SETTINGS.timeoutMs,
  };
  for (const name of ['maxFileBytes', 'concurrency', 'timeoutMs'] as const) {
    if (!Number.isInteger(resolved[name]) || resolved[name] <= 0) {
      throw new ConfigError(`sources.s3.${name} must be a positive whole number.`, `sources.s3.${name}`);
    }
  }
  if ((resolved.accessKeyId === undefined) !== (resolved.secretAccessKey === undefined)) {
    const missing = resolved.accessKeyId === undefined ? 'accessKeyId' : 'secretAccessKey';
    throw new ConfigError(
      `sources.s3.${missing} is missing: give accessKeyId and secretAccessKey together, or neither to use the AWS credential chain.`,
      `sources.s3.${missing}`,
    );
  }
  if (resolved.endpoint !== undefined) assertHttpUrl(resolved.endpoint);
  return resolved;
}

function assertHttpUrl(endpoint: string): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(endpoint).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') {
    throw new ConfigError(
      'sources.s3.endpoint must be an http:// or https:// URL, e.g. http://127.0.0.1:9000.',
      'sources.s3.endpoint',
    );
  }
}
