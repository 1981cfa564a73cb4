import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { InputFiles } from '@ragship/core';
import { isExcluded } from '../loaders/is-excluded.js';
import { listFiles } from '../loaders/list-files.js';

/**
 * How close to the parent's check a file may have been modified and still have its recorded hash
 * trusted. A file written in the same timestamp tick as the check could change again without its
 * modification time moving; 2 s covers filesystems with coarse timestamps (FAT) and small clock skew.
 */
const RACY_WINDOW_MS = 2000;

export interface InputFingerprint {
  fingerprint: string;
  /** What to record in the manifest, so the next run re-hashes only files whose stat changed. */
  files: InputFiles;
  /** How many files were read and hashed (the rest kept the parent's hash). */
  hashed: number;
}

/**
 * The `inputFingerprint` of a run: sha256 over every file it would read under `root` (relative
 * path, size, modification time and a sha256 of the bytes) plus `settings` (exclude patterns,
 * rejection budget). A file whose size, modification and change times are those `previous`
 * recorded, and which was last modified well before that record was taken, keeps its recorded
 * hash and is not read (git's racy-clean rule), so an unchanged SciFact re-run stats one file
 * instead of hashing 8 MB. Null when the directory cannot be read: the run then goes on and
 * reports why.
 */
export async function inputFingerprint(
  root: string,
  settings: {
    exclude: readonly string[];
    maxRejected?: string | number | undefined;
    followLinksOutside?: boolean | undefined;
    /** Files larger than this are not read: their stat stands for them (loading skips them by size). */
    maxFileBytes?: number | undefined;
  },
  previous?: InputFiles,
): Promise<InputFingerprint | null> {
  try {
    const checkedAt = Date.now();
    const absoluteRoot = path.resolve(root);
    const listed = await listFiles(absoluteRoot, { followLinksOutside: settings.followLinksOutside });
    const files = listed.files.filter((file) => !isExcluded(file, settings.exclude));
    const known = trustedHashes(previous);
    const whole = createHash('sha256').update(JSON.stringify([settings.exclude, settings.maxRejected ?? null]));
    const recorded: InputFiles['files'] = [];
    let hashed = 0;
    for (const file of files) {
      const absolute = path.join(absoluteRoot, file);
      const info = await stat(absolute);
      const entry = { path: file, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
      let sha256 =
        info.size > (settings.maxFileBytes ?? Number.POSITIVE_INFINITY) ? 'too-large' : known.get(statKey(entry));
      if (sha256 === undefined) {
        sha256 = createHash('sha256')
          .update(await readFile(absolute))
          .digest('hex');
        hashed++;
      }
      recorded.push({ ...entry, sha256 });
      whole.update(`\n${file}\0${info.size}\0${info.mtimeMs}\0${sha256}`);
    }
    return { fingerprint: whole.digest('hex'), files: { checkedAt, files: recorded }, hashed };
  } catch {
    return null;
  }
}

/** The recorded hashes that still stand for a file with the same stat: those not modified near the check. */
function trustedHashes(previous: InputFiles | undefined): Map<string, string> {
  const trusted = new Map<string, string>();
  if (!previous) return trusted;
  for (const file of previous.files) {
    if (file.mtimeMs < previous.checkedAt - RACY_WINDOW_MS) trusted.set(statKey(file), file.sha256);
  }
  return trusted;
}

function statKey(file: { path: string; size: number; mtimeMs: number; ctimeMs: number }): string {
  return `${file.path}\0${file.size}\0${file.mtimeMs}\0${file.ctimeMs}`;
}
