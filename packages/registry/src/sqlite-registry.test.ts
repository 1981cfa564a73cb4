import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
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

const manifest = { kb: 'docs', version: 'v1' } as Manifest;

describe('sqlite registry', () => {
  it('when versions are created, then numbers count up per kb and the list is newest first', async () => {
    const registry = createSqliteRegistry({ file: registryFile() });
    await registry.createVersion('docs', null);
    await registry.createVersion('docs', 1);
    await registry.createVersion('faq', null);
    expect((await registry.listVersions('docs')).map((record) => record.version)).toEqual([2, 1]);
    expect((await registry.listVersions('faq')).map((record) => record.version)).toEqual([1]);
    expect(await registry.listKbs()).toEqual(['docs', 'faq']);
    await registry.close();
  });

  it('when a version is ready, then finishing it again is refused', async () => {
    const registry = createSqliteRegistry({ file: registryFile() });
    const { version } = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', version, 'ready', manifest);
    await expect(registry.finishVersion('docs', version, 'failed', null)).rejects.toThrow(/immutable/);
    expect((await registry.getVersion('docs', version))?.manifest).toEqual(manifest);
    await registry.close();
  });

  it('when two promotions expect the same alias target, then one wins and the other gets a conflict', async () => {
    const file = registryFile();
    const first = createSqliteRegistry({ file });
    const second = createSqliteRegistry({ file });
    for (let index = 0; index < 2; index++) {
      const { version } = await first.createVersion('docs', null);
      await first.finishVersion('docs', version, 'ready', manifest);
    }
    await first.moveAlias({ environment: 'prod', kb: 'docs', expected: null, to: 1, actor: 'a', action: 'promote' });
    const outcomes = await Promise.allSettled([
      first.moveAlias({ environment: 'prod', kb: 'docs', expected: 1, to: 2, actor: 'a', action: 'promote' }),
      second.moveAlias({ environment: 'prod', kb: 'docs', expected: 1, to: 2, actor: 'b', action: 'promote' }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.find((outcome) => outcome.status === 'rejected');
    expect(String(rejected?.reason)).toMatch(/moved to v2 while this promote expected v1/);
    expect((await second.auditLog({ kb: 'docs' })).map((entry) => [entry.from, entry.to])).toEqual([
      [1, 2],
      [null, 1],
    ]);
    await first.close();
    await second.close();
  });

  it('when the target version is not ready, then the alias does not move', async () => {
    const registry = createSqliteRegistry({ file: registryFile() });
    await registry.createVersion('docs', null);
    await expect(
      registry.moveAlias({ environment: 'dev', kb: 'docs', expected: null, to: 1, actor: 'a', action: 'promote' }),
    ).rejects.toThrow(/not a ready version/);
    expect(await registry.getAlias('dev', 'docs')).toBeUndefined();
    await registry.close();
  });
});
