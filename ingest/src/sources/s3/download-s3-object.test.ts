// s3rver is a real S3-compatible server that implements GetObject with If-None-Match (answering
// 304 when the ETag matches), so it stands in for S3 here.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { createS3Client } from './create-s3-client.js';
import { downloadS3Object } from './download-s3-object.js';
import { resolveS3SourceSettings } from './s3-source-settings.js';
import { startTestS3Server, type TestS3Server } from './testing/test-s3-server.js';

const BUCKET = 'download-bucket';
let server: TestS3Server;
let directory: string;
let etag: string;

beforeAll(async () => {
  server = await startTestS3Server([BUCKET]);
  etag = await server.putObject(BUCKET, 'notes/a.md', '# A\n\nFirst text.\n');
});

afterAll(async () => {
  await server.stop();
});

beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'ragship-s3-download-'));
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function download(key: string, ifNoneMatch?: string) {
  const client = createS3Client(resolveS3SourceSettings(server.settings));
  const target = path.join(directory, 'objects', ...key.split('/'));
  const tempDir = path.join(directory, 'partial');
  return downloadS3Object(client, { bucket: BUCKET, key, ifNoneMatch, target, tempDir }).finally(() =>
    client.destroy(),
  );
}

it('when the object is fetched, then the file holds its bytes, dated by LastModified, with no partial file left', async () => {
  const result = await download('notes/a.md');

  expect(result).toEqual({
    kind: 'downloaded',
    record: { key: 'notes/a.md', etag, lastModified: expect.any(String), size: 17 },
  });
  const file = path.join(directory, 'objects/notes/a.md');
  expect(await readFile(file, 'utf8')).toBe('# A\n\nFirst text.\n');
  expect((await stat(file)).mtime.toISOString()).toBe(result.kind === 'downloaded' ? result.record.lastModified : '');
  expect(await readdir(path.join(directory, 'partial'))).toEqual([]);
});

it('when If-None-Match carries the current ETag, then S3 answers 304 and nothing is written', async () => {
  const result = await download('notes/a.md', etag);

  expect(result).toEqual({ kind: 'not-modified' });
  expect(await stat(path.join(directory, 'objects/notes/a.md')).catch(() => null)).toBeNull();
});

it('when If-None-Match carries an older ETag, then the object is fetched', async () => {
  const result = await download('notes/a.md', '"0123456789abcdef0123456789abcdef"');

  expect(result.kind).toBe('downloaded');
});

it('when the object was deleted after the listing, then the download says it is gone', async () => {
  expect(await download('notes/deleted-since.md')).toEqual({ kind: 'gone' });
});
