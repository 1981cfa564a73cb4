// s3rver accepts any signature, so it cannot deny access: a plain HTTP server on 127.0.0.1 answers
// as S3 does to a denied request (403 with an AccessDenied XML body) and the real SDK parses it.
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RagshipError } from '@ragship/core';
import { createS3Source } from './create-s3-source.js';
import { toS3SourceError } from './to-s3-source-error.js';

const ACCESS_DENIED_XML =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message>' +
  '<RequestId>R1</RequestId></Error>';

let denying: Server;
let endpoint: string;

beforeAll(async () => {
  denying = createServer((request, response) => {
    request.resume();
    response.writeHead(403, { 'content-type': 'application/xml' }).end(ACCESS_DENIED_XML);
  });
  denying.listen(0, '127.0.0.1');
  await once(denying, 'listening');
  endpoint = `http://127.0.0.1:${(denying.address() as AddressInfo).port}`;
});

afterAll(() => {
  denying.close();
});

describe('toS3SourceError', () => {
  it('when S3 denies access, then the error names the location and points at the credentials, not quoting them', async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'ragship-s3-denied-'));
    const settings = { endpoint, accessKeyId: 'AKIADENIED', secretAccessKey: 'denied-secret-value' };

    const error = await createS3Source('s3://private-bucket/docs', settings)
      .snapshot({ previous: undefined, cacheDir })
      .catch((caught: unknown) => caught)
      .finally(() => rm(cacheDir, { recursive: true, force: true }));

    expect(RagshipError.hasCode(error, 'SOURCE_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(
      new RegExp(`^Cannot read s3://private-bucket/docs/ \\(endpoint ${endpoint}\\): access denied`),
    );
    expect(message).not.toMatch(/AKIADENIED|denied-secret-value/);
  });

  it('when the SDK finds no credentials, then a ConfigError says where to set them', () => {
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });

    const error = toS3SourceError(noCredentials, { bucket: 'b-1', location: 's3://b-1/', endpoint: null });

    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toMatch(/^Cannot read s3:\/\/b-1\/: no AWS credentials found/);
    expect(error.cause).toBe(noCredentials);
  });

  it('when a ragship error comes through, then it is kept as it is', () => {
    const original = new RagshipError('SOURCE_UNAVAILABLE', 'already clear');

    expect(toS3SourceError(original, { bucket: 'b-1', location: 's3://b-1/', endpoint: null })).toBe(original);
  });
});
