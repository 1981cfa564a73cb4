import { mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inputFingerprint } from './input-fingerprint.js';

describe('inputFingerprint', () => {
  let directory: string;
  const settings = { exclude: [] };
  const hourAgo = new Date(Date.now() - 3_600_000);
  const write = (name: string, text: string, modified = hourAgo) => {
    writeFileSync(path.join(directory, name), text);
    utimesSync(path.join(directory, name), modified, modified);
  };

  beforeEach(() => {
    directory = mkdtempSync(path.join(os.tmpdir(), 'ragship-fingerprint-'));
    write('a.md', '# A\n\nAlpha.\n');
    write('b.md', '# B\n\nBravo.\n');
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('when every file has the stat the last run recorded, then none is read and the fingerprint is the same', async () => {
    const first = (await inputFingerprint(directory, settings))!;
    expect(first.hashed).toBe(2);
    const again = (await inputFingerprint(directory, settings, first.files))!;
    expect(again).toMatchObject({ fingerprint: first.fingerprint, hashed: 0 });
  });

  it('when a file is rewritten with the same size and its old modification time put back, then its changed ctime gets it read and the fingerprint moves', async () => {
    const first = (await inputFingerprint(directory, settings))!;
    // File times come from the kernel's coarse clock: let a tick pass so the rewrite's ctime differs.
    await new Promise((resolve) => setTimeout(resolve, 25));
    write('a.md', '# A\n\nAlpho.\n');
    const again = (await inputFingerprint(directory, settings, first.files))!;
    expect(again.hashed).toBe(1);
    expect(again.fingerprint).not.toBe(first.fingerprint);
  });

  it('when a file was modified just before the last check, then its recorded hash is not trusted (it could have changed within the same tick)', async () => {
    write('b.md', '# B\n\nBravo.\n', new Date());
    const first = (await inputFingerprint(directory, settings))!;
    const again = (await inputFingerprint(directory, settings, first.files))!;
    expect(again).toMatchObject({ fingerprint: first.fingerprint, hashed: 1 });
  });

  it('when the same files are fingerprinted with other excludes or budget, then the fingerprint differs', async () => {
    const first = (await inputFingerprint(directory, settings))!;
    const excluding = (await inputFingerprint(directory, { exclude: ['b.md'] }, first.files))!;
    const budgeted = (await inputFingerprint(directory, { exclude: [], maxRejected: 3 }, first.files))!;
    expect(new Set([first.fingerprint, excluding.fingerprint, budgeted.fingerprint]).size).toBe(3);
    expect(excluding.files.files.map((file) => file.path)).toEqual(['a.md']);
  });

  it('when a symbolic link points outside the directory, then the file it points to is not read unless links outside are followed', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'ragship-outside-'));
    try {
      writeFileSync(path.join(outside, 'token'), 'a secret');
      symlinkSync(path.join(outside, 'token'), path.join(directory, 'token.md'));
      const fingerprint = (await inputFingerprint(directory, settings))!;
      expect(fingerprint.files.files.map((file) => file.path)).toEqual(['a.md', 'b.md']);
      const followed = (await inputFingerprint(directory, { ...settings, followLinksOutside: true }))!;
      expect(followed.files.files.map((file) => file.path)).toEqual(['a.md', 'b.md', 'token.md']);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('when a file is larger than maxFileBytes, then it is not read, and its stat still moves the fingerprint', async () => {
    write('big.md', 'x'.repeat(4096));
    const limited = (await inputFingerprint(directory, { ...settings, maxFileBytes: 1024 }))!;
    expect(limited.hashed).toBe(2);
    write('big.md', 'y'.repeat(4097));
    const grown = (await inputFingerprint(directory, { ...settings, maxFileBytes: 1024 }, limited.files))!;
    expect(grown.fingerprint).not.toBe(limited.fingerprint);
  });

  it('when the directory cannot be read, then there is no fingerprint and the run goes on to report why', async () => {
    expect(await inputFingerprint(path.join(directory, 'missing'), settings)).toBeNull();
  });
});
