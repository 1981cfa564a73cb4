import { describe, expect, it } from 'vitest';
import { ConfigError } from '@ragship/core';
import { credentialFreeEndpoint } from './credential-free-endpoint.js';
import { DEFAULT_S3_SOURCE_SETTINGS, resolveS3SourceSettings } from './s3-source-settings.js';

describe('resolveS3SourceSettings', () => {
  it('when nothing is given, then the limits take their defaults and credentials are left to the SDK', () => {
    expect(resolveS3SourceSettings()).toEqual({ maxFileBytes: 52_428_800, concurrency: 4, timeoutMs: 30_000 });
    expect(DEFAULT_S3_SOURCE_SETTINGS.maxFileBytes).toBe(52_428_800);
  });

  it.each([
    [{ maxFileBytes: 0 }, 'sources.s3.maxFileBytes'],
    [{ concurrency: 1.5 }, 'sources.s3.concurrency'],
    [{ endpoint: 'ftp://127.0.0.1:9000' }, 'sources.s3.endpoint'],
    [{ endpoint: 'not a url' }, 'sources.s3.endpoint'],
    [{ accessKeyId: 'AKIAEXAMPLE' }, 'sources.s3.secretAccessKey'],
    [{ secretAccessKey: 'shh-secret' }, 'sources.s3.accessKeyId'],
  ])('when given %o, then a ConfigError names %s', (settings, field) => {
    const resolve = () => resolveS3SourceSettings(settings);

    expect(resolve).toThrow(ConfigError);
    expect(resolve).toThrow(field);
    expect(resolve).not.toThrow(/AKIAEXAMPLE|shh-secret/);
  });
});

describe('credentialFreeEndpoint', () => {
  it('when the endpoint carries user info, a query or a trailing slash, then only scheme, host and path remain', () => {
    expect(credentialFreeEndpoint('https://user:secret@minio.internal:9000/s3/?token=abc#x')).toBe(
      'https://minio.internal:9000/s3',
    );
    expect(credentialFreeEndpoint('http://127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
  });
});
