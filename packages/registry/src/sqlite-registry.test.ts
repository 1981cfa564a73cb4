import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Manifest } from '@ragship/core';
import { afterEach, describe, expect, it } from 'vitest';
import { registryContract } from './testing.js';
import { createSqliteRegistry } from './sqlite-registry.js';

const directories: string[] = [];
function registryFile(): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'ragship-registry-'));
  directories.push(directory);
  return path.join(directory, 'nested', 'registry.db');
}
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

registryContract('sqlite', () => {
  const file = registryFile();
  return {
    open: () => Promise.resolve(createSqliteRegistry({ file })),
    openAgain: () => createSqliteRegistry({ file }),
  };
});

describe('sqlite registry', () => {
  it('when the file was written by an older ragship, then it is migrated, keeps its rows and gains artifacts', async () => {
    const file = registryFile();
    await createSqliteRegistry({ file }).close();
    const old = new DatabaseSync(file);
    old.exec(`DROP TABLE artifacts; DROP TABLE versions; DROP TABLE audit_log;
      CREATE TABLE versions (kb TEXT NOT NULL, version INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('building', 'ready', 'failed')), parent INTEGER,
        created_at TEXT NOT NULL, manifest TEXT, PRIMARY KEY (kb, version));
      CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
        action TEXT NOT NULL, kb TEXT NOT NULL, environment TEXT NOT NULL, from_version INTEGER,
        to_version INTEGER NOT NULL, details TEXT NOT NULL);
      INSERT INTO versions VALUES ('docs', 1, 'ready', NULL, '2026-01-01T00:00:00.000Z', '{"kb":"docs"}');
      INSERT INTO aliases VALUES ('prod', 'docs', 1, '2026-01-01T00:00:00.000Z', 'alice');
      INSERT INTO audit_log VALUES (5, '2026-01-01T00:00:00.000Z', 'alice', 'promote', 'docs', 'prod', NULL, 1, '{}');`);
    old.close();

    const registry = createSqliteRegistry({ file });
    expect(await registry.getVersion('docs', 1)).toMatchObject({ status: 'ready', owner: null });
    await registry.createVersion('docs', 1);
    await registry.finishVersion('docs', 2, 'ready', null);
    await registry.moveAlias({ environment: 'prod', kb: 'docs', expected: 1, to: 2, actor: 'bob', action: 'promote' });
    await registry.deleteVersion({ kb: 'docs', version: 1, actor: 'gc' });
    expect((await registry.auditLog()).map((entry) => [entry.id > 5, entry.action])).toEqual([
      [true, 'delete'],
      [true, 'promote'],
      [false, 'promote'],
    ]);
    await registry.createVersion('docs', 2);
    await registry.putArtifact('docs', 3, 'bm25.json.gz', new Uint8Array([1, 2, 3]));
    expect((await registry.getArtifact('docs', 3, 'bm25.json.gz'))?.data).toEqual(new Uint8Array([1, 2, 3]));
    await registry.close();
  });

  it('when a version is finished, then its documents get a row each and read back in their order; a manifest row holding its documents still reads', async () => {
    const file = registryFile();
    const registry = createSqliteRegistry({ file });
    const documents = Object.fromEntries(
      ['z.md', 'b.md', 'a.md'].map((docId, at) => [
        docId,
        { contentHash: `c${at}`, chunks: 1, chunkIds: [`${docId}#0`] },
      ]),
    );
    const manifest = { kb: 'docs', version: 'v1', documents, digest: 'd' } as unknown as Manifest;
    const { version } = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', version, 'ready', manifest);
    const read = (await registry.getVersion('docs', version))?.manifest;
    expect(read).toEqual(manifest);
    expect(Object.keys(read?.documents ?? {})).toEqual(['z.md', 'b.md', 'a.md']);
    expect(Object.keys(read ?? {})).toEqual(Object.keys(manifest));
    await registry.close();

    const database = new DatabaseSync(file);
    const row = database.prepare('SELECT manifest FROM versions WHERE version = ?').get(version) as {
      manifest: string;
    };
    expect(JSON.parse(row.manifest)).toMatchObject({ documents: null });
    expect(database.prepare('SELECT COUNT(*) AS n FROM version_documents').get()).toEqual({ n: 3 });
    // A version finished before documents had their own table: the manifest row holds them.
    database
      .prepare("INSERT INTO versions VALUES ('docs', 2, 'ready', 1, '2026-01-01T00:00:00.000Z', ?, NULL)")
      .run(JSON.stringify(manifest));
    database.close();
    const reopened = createSqliteRegistry({ file });
    expect((await reopened.getVersion('docs', 2))?.manifest).toEqual(manifest);
    expect(
      (await reopened.listVersions('docs')).map((record) => Object.keys(record.manifest?.documents ?? {})),
    ).toEqual([
      ['z.md', 'b.md', 'a.md'],
      ['z.md', 'b.md', 'a.md'],
    ]);
    await reopened.close();
  });

  it('when versions are listed, then their documents are read from their rows only when used, and using them after close names the cause', async () => {
    const file = registryFile();
    const registry = createSqliteRegistry({ file });
    const manifest = { kb: 'docs', version: 'v1', documents: { 'a.md': { chunks: 1 } } } as unknown as Manifest;
    const { version } = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', version, 'ready', manifest);
    const [listed] = await registry.listVersions('docs');
    // Rows changed under the listing show when documents are first used, not when listed.
    const database = new DatabaseSync(file);
    database.prepare('UPDATE version_documents SET document = \'{"chunks":2}\'').run();
    database.close();
    expect(listed?.manifest?.documents).toEqual({ 'a.md': { chunks: 2 } });

    const [unread] = await registry.listVersions('docs');
    await registry.close();
    expect(() => unread?.manifest?.documents).toThrow(/registry was closed before the documents of docs@v1/);
  });

  it('when finishing a version that is not building, then no document rows are left behind', async () => {
    const file = registryFile();
    const registry = createSqliteRegistry({ file });
    const manifest = { kb: 'docs', documents: { 'a.md': { chunks: 1 } } } as unknown as Manifest;
    const { version } = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', version, 'failed', null);
    await expect(registry.finishVersion('docs', version, 'ready', manifest)).rejects.toThrow();
    await registry.close();
    const database = new DatabaseSync(file);
    expect(database.prepare('SELECT COUNT(*) AS n FROM version_documents').get()).toEqual({ n: 0 });
    database.close();
  });
});
