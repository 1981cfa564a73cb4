// s3rver is a real S3-compatible server (pure JS, run here on 127.0.0.1): it implements the S3
// calls this source makes — ListObjectsV2 (paginated) and GetObject with If-None-Match (304) — so
// it stands in for S3 in these tests. The live suite at the end runs against real S3.
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RagshipError } from '@ragship/core';
import type { SourceProgress, SourceRecord, SourceSnapshot } from '../document-source.js';
import { createS3Source } from './create-s3-source.js';
import { closedPort, startTestS3Server, type TestS3Server } from './testing/test-s3-server.js';

const MAX_FILE_BYTES = 100;

let server: TestS3Server;
/** A bucket of its own per test, on one server per file. */
let bucket: string;
let bucketCount = 0;
let cacheDir: string;
const etags = new Map<string, string>();

beforeAll(async () => {
  server = await startTestS3Server();
});

afterAll(async () => {
  await server.stop();
});

beforeEach(async () => {
  bucket = `ragship-docs-${++bucketCount}`;
  await server.createBucket(bucket);
  cacheDir = await mkdtemp(path.join(tmpdir(), 'ragship-s3-cache-'));
  const objects: Record<string, string> = {
    'docs/guide.md': '# Guide\n\nRun ragship ingest s3://ragship-docs/docs to index the bucket.\n',
    'docs/faq/setup.txt': 'Set sources.s3.endpoint for an S3-compatible server.\n',
    'docs/page.html': '<html><body><p>Versioned indexes.</p></body></html>',
    'docs/logo.png': '\u0089PNG not a document',
    'docs/huge.md': `# Huge\n\n${'a'.repeat(MAX_FILE_BYTES)}\n`,
    'docs/.draft.md': '# Draft\n',
    'docs/empty-folder/': '',
    'docs-old/stale.md': '# Stale: beside the prefix, not under it\n',
    'elsewhere/other.md': '# Other\n',
  };
  etags.clear();
  for (const [key, body] of Object.entries(objects)) etags.set(key, await server.putObject(bucket, key, body));
  server.requests.length = 0;
});

afterEach(async () => {
  await rm(cacheDir, { recursive: true, force: true });
});

function source() {
  return createS3Source(`s3://${bucket}/docs`, { ...server.settings, maxFileBytes: MAX_FILE_BYTES });
}

function snapshot(previous?: SourceRecord, onProgress?: (progress: SourceProgress) => void): Promise<SourceSnapshot> {
  return source().snapshot({ previous, cacheDir, ...(onProgress ? { onProgress } : {}) });
}

/** Every file under `directory`, as sorted `/`-separated relative paths. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(directory, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

const getObjects = () => server.requests.filter((request) => request.operation === 'GetObject');
const MIRRORED = ['docs/faq/setup.txt', 'docs/guide.md', 'docs/page.html'];

describe('createS3Source', () => {
  it('when a prefix is snapshotted first, then the mirror holds exactly its supported objects at their keys', async () => {
    const progress: SourceProgress[] = [];

    const result = await snapshot(undefined, (event) => progress.push(event));

    expect(await filesUnder(result.directory)).toEqual(MIRRORED);
    expect(await readFile(path.join(result.directory, 'docs/guide.md'), 'utf8')).toContain('Run ragship ingest');
    expect(result.unchanged).toBe(false);
    expect(result.record).toEqual({
      kind: 's3',
      location: `s3://${bucket}/docs/`,
      endpoint: server.endpoint,
      objects: MIRRORED.map((key): unknown => expect.objectContaining({ key, etag: etags.get(key) })),
    });
    expect([...(result.sourceUrls ?? new Map<string, string>())]).toEqual(
      MIRRORED.map((key) => [key, `s3://${bucket}/${key}`]),
    );
    expect(
      getObjects()
        .map((request) => request.key)
        .sort(),
    ).toEqual(MIRRORED);
    expect(progress.at(-1)).toEqual({ phase: 'fetching', done: 3, total: 3 });
    expect(progress.some((event) => event.phase === 'listing')).toBe(true);
  });

  it('when objects are of an unknown type, too large or hidden, then they are skipped with the reason and not downloaded', async () => {
    const result = await snapshot();

    const skipped = new Map((result.skipped ?? []).map((entry) => [entry.path, entry.reason]));
    expect([...skipped.keys()].sort()).toEqual(['docs/.draft.md', 'docs/huge.md', 'docs/logo.png']);
    expect(skipped.get('docs/logo.png')).toMatch(/unsupported file type "\.png"/);
    expect(skipped.get('docs/huge.md')).toMatch(/too large: \d+ bytes, over maxFileBytes \(100\)/);
    expect(skipped.get('docs/.draft.md')).toMatch(/hidden path/);
    expect(getObjects().map((request) => request.key)).not.toContain('docs/huge.md');
  });

  it('when a mirrored file is written, then its modification time is the object’s LastModified', async () => {
    const result = await snapshot();

    for (const object of result.record.kind === 's3' ? result.record.objects : []) {
      const stats = await stat(path.join(result.directory, object.key));
      expect(stats.mtime.toISOString()).toBe(object.lastModified);
      expect(stats.size).toBe(object.size);
    }
  });

  it('when nothing changed since the previous snapshot, then it is unchanged and no object is requested', async () => {
    const first = await snapshot();
    server.requests.length = 0;

    const second = await snapshot(first.record);

    expect(second.unchanged).toBe(true);
    expect(getObjects()).toEqual([]);
    expect(server.requests.map((request) => request.operation)).toEqual(['ListObjects']);
    expect(second.record).toEqual(first.record);
    expect(await filesUnder(second.directory)).toEqual(MIRRORED);
  });

  it('when one object is overwritten, then only that one is fetched, conditionally on the previous ETag', async () => {
    const first = await snapshot();
    const newEtag = await server.putObject(bucket, 'docs/guide.md', '# Guide\n\nRewritten.\n');
    server.requests.length = 0;

    const second = await snapshot(first.record);

    expect(second.unchanged).toBe(false);
    expect(getObjects()).toEqual([
      { operation: 'GetObject', bucket, key: 'docs/guide.md', ifNoneMatch: etags.get('docs/guide.md') },
    ]);
    expect(await readFile(path.join(second.directory, 'docs/guide.md'), 'utf8')).toBe('# Guide\n\nRewritten.\n');
    const etagOf = (record: SourceRecord, key: string) =>
      record.kind === 's3' ? record.objects.find((object) => object.key === key)?.etag : undefined;
    expect(etagOf(second.record, 'docs/guide.md')).toBe(newEtag);
    expect(etagOf(second.record, 'docs/page.html')).toBe(etagOf(first.record, 'docs/page.html'));
  });

  it('when an object is deleted, then it is gone from the mirror and the record', async () => {
    const first = await snapshot();
    await server.deleteObject(bucket, 'docs/faq/setup.txt');
    server.requests.length = 0;

    const second = await snapshot(first.record);

    expect(second.unchanged).toBe(false);
    expect(getObjects()).toEqual([]);
    expect(await filesUnder(second.directory)).toEqual(['docs/guide.md', 'docs/page.html']);
    expect(second.record.kind === 's3' && second.record.objects.map((object) => object.key)).toEqual([
      'docs/guide.md',
      'docs/page.html',
    ]);
  });

  it('when a mirror copy has gone missing, then it is fetched again in full and the snapshot is not unchanged', async () => {
    const first = await snapshot();
    await rm(path.join(first.directory, 'docs/page.html'));
    server.requests.length = 0;

    const second = await snapshot(first.record);

    expect(second.unchanged).toBe(false);
    expect(getObjects()).toEqual([{ operation: 'GetObject', bucket, key: 'docs/page.html' }]);
    expect(await filesUnder(second.directory)).toEqual(MIRRORED);
  });

  it('when the bucket does not exist, then the error names the location and says so', async () => {
    const missing = createS3Source('s3://no-such-bucket/docs', server.settings);

    const error = await missing.snapshot({ previous: undefined, cacheDir }).catch((caught: unknown) => caught);

    expect(RagshipError.hasCode(error, 'SOURCE_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('s3://no-such-bucket/docs/');
    expect(message).toContain('bucket "no-such-bucket" does not exist');
    expect(message).not.toMatch(/S3RVER|\n\s+at /);
  });

  it('when the endpoint cannot be reached, then the error names the location and the endpoint', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const unreachable = createS3Source(`s3://${bucket}/docs`, { ...server.settings, endpoint });

    const error = await unreachable.snapshot({ previous: undefined, cacheDir }).catch((caught: unknown) => caught);

    expect(RagshipError.hasCode(error, 'SOURCE_UNAVAILABLE')).toBe(true);
    expect((error as Error).message).toBe(
      `Cannot reach s3://${bucket}/docs/ (endpoint ${endpoint}): ECONNREFUSED. Is the endpoint right and the server up?`,
    );
  });

  it('when snapshots are taken with credentials, then neither the record nor the cache holds them', async () => {
    const secret = 'not-written-anywhere-secret';
    const withSecret = createS3Source(`s3://${bucket}/docs`, { ...server.settings, secretAccessKey: secret });

    const result = await withSecret.snapshot({ previous: undefined, cacheDir });

    expect(JSON.stringify(result.record)).not.toContain(secret);
    for (const file of await filesUnder(cacheDir)) {
      expect(await readFile(path.join(cacheDir, file), 'utf8')).not.toContain(secret);
    }
  });

  it('when the signal is aborted, then the snapshot stops with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('run cancelled'));

    await expect(source().snapshot({ previous: undefined, cacheDir, signal: controller.signal })).rejects.toThrow(
      'run cancelled',
    );
  });
});
