import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import {
  createGitTestRepository,
  startTestS3Server,
  startTestSite,
  TEST_S3_CREDENTIALS,
  TEST_SITE_CRAWLED_PATHS,
  type TestS3Server,
  type TestSite,
} from '@ragship/ingest/testing';
import { PromotionWorkspace } from './support/promotion-workspace.js';

/** What `ragship ingest --json` prints. */
interface Ingested {
  version: string | null;
  parent: string | null;
  documents: { added: number; changed: number; removed: number; unchanged: number; rejected: number };
  chunks: { embedded: number };
}

/** `ragship ingest <source>` end to end: the real CLI, a real Chroma, and a real site, repository and bucket. */
describe('ingesting from remote sources', () => {
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;
  const ingest = (source: string, kb: string, env: Record<string, string> = {}) =>
    workspace.json<Ingested>(['--env', 'dev', 'ingest', source, '--kb', kb], env);
  const manifest = (ref: string) => workspace.json<Manifest>(['show', ref]);

  beforeAll(async () => {
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { dev: chroma.url },
      extra: ['sources:', '  web: { delayMs: 0, concurrency: 4 }'],
    });
  });
  afterAll(async () => {
    await chroma?.stop();
    workspace?.remove();
  });

  describe('a web site', () => {
    let site: TestSite;
    beforeAll(async () => {
      site = await startTestSite();
    });
    afterAll(() => site?.close());

    it('when crawled, then exactly its pages are ingested, with their URLs as sources', async () => {
      const first = await ingest(site.url('/docs/'), 'site');
      expect(first.version).toBe('v1');
      // Every crawled page is a document; the link-only pages are rejected by validation as too short.
      const v1 = await manifest('site@v1');
      const rejected = v1.validation.rejected.map((entry) => entry.docId);
      expect([...Object.keys(v1.documents), ...rejected].sort()).toEqual([...TEST_SITE_CRAWLED_PATHS]);
      expect(first.documents.added + first.documents.rejected).toBe(TEST_SITE_CRAWLED_PATHS.length);
      expect(v1.documents['docs/guide.html']?.source).toBe(site.url('/docs/guide.html'));
      expect(v1.source).toMatchObject({ kind: 'web', location: site.url('/docs/'), mode: 'crawl' });
    });

    it('when nothing changed, then a re-run sends only conditional requests, embeds nothing and makes no version', async () => {
      site.resetRequests();
      const again = await ingest(site.url('/docs/'), 'site');
      expect(again).toMatchObject({ version: null, parent: 'v1', chunks: { embedded: 0 } });
      expect(site.requests.length).toBeGreaterThan(0);
      expect(site.requests.filter((request) => !request.conditional)).toEqual([]);
    });

    it('when one page is edited, then the new version has exactly that one changed document', async () => {
      site.setPage(
        '/docs/notes.md',
        '# Notes\n\nVersions are immutable once ready, and promoted by alias.\n',
        'text/markdown',
      );
      const edited = await ingest(site.url('/docs/'), 'site');
      expect(edited).toMatchObject({ version: 'v2', documents: { added: 0, changed: 1, removed: 0 } });
      const diff = await workspace.json<{ changed: string[] }>(['diff', 'site@v1', 'site@v2']);
      expect(diff.changed).toEqual(['docs/notes.md']);
    });

    it('when a page is deleted, then the next version removes it', async () => {
      site.deletePage('/docs/changelog.txt');
      const removed = await ingest(site.url('/docs/'), 'site');
      expect(removed).toMatchObject({ version: 'v3', documents: { added: 0, changed: 0, removed: 1 } });
      expect(Object.keys((await manifest('site@v3')).documents)).not.toContain('docs/changelog.txt');
    });
  });

  describe('a git repository', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ragship-e2e-git-'));
    const repository = createGitTestRepository(root);
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('when a commit edits one file and deletes another, then the version has exactly those changes and diff names the commits', async () => {
      const base = repository.commit(
        {
          'guides/rollback.md': '# Rolling back\n\nRun ragship rollback docs --env prod to go back one version.\n',
          'guides/promote.md': '# Promoting\n\nRun ragship promote docs@v1 --to staging after the gates pass.\n',
          'guides/old.md': '# Old notes\n\nThese notes describe a retired workflow for copying indexes by hand.\n',
        },
        'Add the guides',
      );
      expect(await ingest(repository.spec, 'repo')).toMatchObject({ version: 'v1', documents: { added: 3 } });
      expect(Object.keys((await manifest('repo@v1')).documents).sort()).toEqual([
        'guides/old.md',
        'guides/promote.md',
        'guides/rollback.md',
      ]);

      const next = repository.commit(
        {
          'guides/rollback.md':
            '# Rolling back\n\nRun ragship rollback docs --env prod; the alias moves back at once.\n',
          'guides/old.md': null,
        },
        'Clarify rollback, drop the old notes',
      );
      expect(await ingest(repository.spec, 'repo')).toMatchObject({
        version: 'v2',
        documents: { added: 0, changed: 1, removed: 1, unchanged: 1 },
      });
      const diff = await workspace.cli(['diff', 'repo@v1', 'repo@v2']);
      expect(diff.code).toBe(0);
      expect(diff.stdout).toContain(`commit ${base.slice(0, 12)} "Add the guides"`);
      expect(diff.stdout).toContain(`commit ${next.slice(0, 12)} "Clarify rollback, drop the old notes"`);
      expect(diff.stdout).toContain('~ guides/rollback.md');
      expect(diff.stdout).toContain('- guides/old.md');

      expect(await ingest(repository.spec, 'repo')).toMatchObject({ version: null, parent: 'v2' });
    });
  });

  describe('an S3 prefix', () => {
    let s3: TestS3Server;
    beforeAll(async () => {
      s3 = await startTestS3Server(['corpus']);
      await s3.putObject(
        'corpus',
        'kb/intro.md',
        '# Intro\n\nragship keeps every index version immutable once ready.\n',
      );
      await s3.putObject(
        'corpus',
        'kb/faq.txt',
        'Promotion moves an alias; rollback moves it back to the previous one.\n',
      );
      await s3.putObject(
        'corpus',
        'elsewhere/skip.md',
        '# Not under the prefix\n\nThis object must not be ingested.\n',
      );
    });
    afterAll(() => s3?.stop());

    it('when a bucket prefix is ingested twice, then the second run lists it, fetches nothing and makes no version', async () => {
      const env = {
        RAGSHIP_S3_ENDPOINT: s3.endpoint,
        AWS_ACCESS_KEY_ID: TEST_S3_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_S3_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
      };
      expect(await ingest('s3://corpus/kb', 'bucket', env)).toMatchObject({ version: 'v1', documents: { added: 2 } });
      expect(Object.keys((await manifest('bucket@v1')).documents).sort()).toEqual(['kb/faq.txt', 'kb/intro.md']);
      s3.requests.length = 0;
      expect(await ingest('s3://corpus/kb', 'bucket', env)).toMatchObject({ version: null, parent: 'v1' });
      expect(s3.requests.map((request) => request.operation)).toEqual(['ListObjects']);
    });
  });
});
