import { ConfigError, errorMessage, maskUrlSecrets, RagshipError } from '@ragship/core';
import { sdkErrorStatus } from './sdk-error-status.js';

/** Where a failed request went, credential-free, for the message. */
export interface S3ErrorContext {
  bucket: string;
  /** `s3://bucket/prefix`. */
  location: string;
  /** The S3-compatible endpoint, credential-free; null for AWS. */
  endpoint: string | null;
}

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AllAccessDisabled',
  'InvalidAccessKeyId',
  'InvalidToken',
  'ExpiredToken',
  'SignatureDoesNotMatch',
]);

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
]);

/**
 * An AWS SDK failure as a ragship error naming the location: a missing bucket, denied access or
 * bad credentials, an unreachable endpoint (all `SOURCE_UNAVAILABLE`), no credentials at all
 * (`ConfigError`). A ragship error passes through. The message never carries a stack or a secret;
 * the SDK's error is the `cause`.
 */
export function toS3SourceError(error: unknown, context: S3ErrorContext): RagshipError {
  if (RagshipError.isInstance(error)) return error;
  const at = context.endpoint === null ? context.location : `${context.location} (endpoint ${context.endpoint})`;
  const name = error instanceof Error ? error.name : '';
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const fail = (message: string): RagshipError => new RagshipError('SOURCE_UNAVAILABLE', message, { cause: error });
  if (name === 'NoSuchBucket') {
    return fail(`Cannot read ${at}: bucket "${context.bucket}" does not exist.`);
  }
  if (ACCESS_DENIED.has(name) || sdkErrorStatus(error) === 403) {
    return fail(
      `Cannot read ${at}: access denied (${name || 'HTTP 403'}). Check the credentials (sources.s3 or the ` +
        'AWS_* environment) and that they may list and read the bucket.',
    );
  }
  if (name === 'CredentialsProviderError') {
    return new ConfigError(
      `Cannot read ${at}: no AWS credentials found. Set sources.s3.accessKeyId and secretAccessKey, ` +
        'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or an AWS profile.',
      'sources.s3.accessKeyId',
      { cause: error },
    );
  }
  if (UNREACHABLE.has(code) || name === 'TimeoutError') {
    return fail(`Cannot reach ${at}: ${code || 'timed out'}. Is the endpoint right and the server up?`);
  }
  return fail(`Cannot read ${at}: ${name ? `${name}: ` : ''}${maskUrlSecrets(errorMessage(error))}`);
}
