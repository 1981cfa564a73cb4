import { afterEach, describe, expect, it, vi } from 'vitest';
import { createS3Client, DEFAULT_S3_REGION } from './create-s3-client.js';
import { resolveS3SourceSettings } from './s3-source-settings.js';

afterEach(() => {
  vi.unstubAllEnvs();
});

async function regionOf(settings: Parameters<typeof resolveS3SourceSettings>[0]): Promise<string> {
  const client = createS3Client(resolveS3SourceSettings(settings));
  try {
    return await client.config.region();
  } finally {
    client.destroy();
  }
}

describe('createS3Client', () => {
  it('when the settings name a region, then it is used', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-3');

    expect(await regionOf({ region: 'ap-south-1' })).toBe('ap-south-1');
  });

  it('when the settings name none, then the SDK chain’s region (AWS_REGION) is used', async () => {
    vi.stubEnv('AWS_REGION', 'eu-west-3');

    expect(await regionOf({})).toBe('eu-west-3');
  });

  it('when neither the settings nor the SDK chain name one, then it is us-east-1', async () => {
    vi.stubEnv('AWS_REGION', '');
    vi.stubEnv('AWS_DEFAULT_REGION', '');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/ragship-aws-config');
    vi.stubEnv('AWS_PROFILE', 'ragship-test-no-such-profile');

    expect(await regionOf({})).toBe(DEFAULT_S3_REGION);
  });

  it('when an endpoint is set, then path-style addressing is the default', () => {
    const client = createS3Client(resolveS3SourceSettings({ endpoint: 'http://127.0.0.1:9000' }));

    expect(client.config.forcePathStyle).toBe(true);
    client.destroy();
  });
});
