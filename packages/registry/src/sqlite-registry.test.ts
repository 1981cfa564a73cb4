import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { registryContract } from './registry-contract.js';
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
});
