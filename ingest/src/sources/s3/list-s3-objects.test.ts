// s3rver implements ListObjectsV2 with continuation tokens, so it stands in for S3 here.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createS3Client } from './create-s3-client.js';
import { listS3Objects } from './list-s3-objects.js';
import { resolveS3SourceSettings } from './s3-source-settings.js';
import { startTestS3Server, type TestS3Server } from './testing/test-s3-server.js';

let server: TestS3Server;

beforeAll(async () => {
  server = await startTestS3Server(['paged-bucket']);
});

afterAll(async () => {
  await server.stop();
});

it('when a prefix spans several pages, then every object under it is listed once, folders left out', async () => {
  const keys = ['kb/a.md', 'kb/b.md', 'kb/c/d.md', 'kb/e.txt', 'kb/f.md'];
  for (const key of [...keys, 'kb/c/', 'kc/outside.md']) await server.putObject('paged-bucket', key, `body of ${key}`);
  const client = createS3Client(resolveS3SourceSettings(server.settings));
  const pages: number[] = [];

  const listed = await listS3Objects(
    client,
    { bucket: 'paged-bucket', prefix: 'kb/' },
    { pageSize: 2, onPage: (listedSoFar) => pages.push(listedSoFar) },
  );
  client.destroy();

  expect(listed.map((object) => object.key)).toEqual(keys);
  expect(listed.find((object) => object.key === 'kb/e.txt')?.size).toBe('body of kb/e.txt'.length);
  expect(pages.length).toBeGreaterThanOrEqual(3);
  expect(server.requests.filter((request) => request.operation === 'ListObjects')).toHaveLength(pages.length);
});
