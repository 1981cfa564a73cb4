import { S3Client } from '@aws-sdk/client-s3';
import type { S3SourceSettings } from './s3-source-settings.js';

/** The region signed for when neither the settings nor the SDK's region chain name one. */
export const DEFAULT_S3_REGION = 'us-east-1';

/**
 * An S3 client for `settings`: static credentials when the settings carry them, else the SDK's
 * default credential chain; path-style addressing by default for a custom endpoint. The caller
 * destroys it when done.
 */
export function createS3Client(settings: S3SourceSettings): S3Client {
  const { endpoint, accessKeyId, secretAccessKey, sessionToken } = settings;
  return new S3Client({
    region: settings.region ?? regionFromSdkChain,
    ...(endpoint !== undefined ? { endpoint } : {}),
    forcePathStyle: settings.forcePathStyle ?? endpoint !== undefined,
    // On AWS a bucket in another region than the one signed for answers with a redirect the SDK can follow.
    followRegionRedirects: endpoint === undefined,
    ...(accessKeyId !== undefined && secretAccessKey !== undefined
      ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken !== undefined ? { sessionToken } : {}) } }
      : {}),
    requestHandler: { connectionTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs },
  });
}

/** The region the SDK's own chain finds (`AWS_REGION`, the shared profile), else {@link DEFAULT_S3_REGION}. */
async function regionFromSdkChain(): Promise<string> {
  const probe = new S3Client({});
  try {
    return await probe.config.region();
  } catch {
    return DEFAULT_S3_REGION;
  } finally {
    probe.destroy();
  }
}
