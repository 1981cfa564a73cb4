import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { RagshipError } from '@ragship/core';
import type { WebPageRecord } from '../document-source.js';
import { pruneMirror } from '../prune-mirror.js';
import type { PageOutcome } from './visit-page.js';

/** What the mirror holds after {@link commitMirror}. */
export interface MirrorCommit {
  /** The mirror's pages, sorted by path. */
  pages: WebPageRecord[];
  /** Pages that lost their mirror path to another URL. */
  skipped: { path: string; reason: string }[];
  /** Whether every page in the mirror was confirmed by a 304. */
  allNotModified: boolean;
}

type StoredOutcome = Exclude<PageOutcome, { kind: 'skipped' }>;

/**
 * Makes the mirror hold exactly the stored pages of this run: each path goes to one URL (one
 * whose URL path is the mirror path first, then the smaller URL, so the choice does not depend on
 * the order answers arrived in), files of pages no longer found, listed or reachable are deleted,
 * and staged downloads are renamed into place (whole files only, never a partial one).
 */
export async function commitMirror(mirrorDir: string, outcomes: readonly PageOutcome[]): Promise<MirrorCommit> {
  const stored = outcomes.filter((outcome): outcome is StoredOutcome => outcome.kind !== 'skipped');
  stored.sort((a, b) => Number(b.exact) - Number(a.exact) || compare(a.record.url, b.record.url));
  const claims = createClaims();
  const winners: StoredOutcome[] = [];
  const skipped: MirrorCommit['skipped'] = [];
  for (const outcome of stored) {
    if (isOutside(mirrorDir, outcome.record.path)) {
      throw new RagshipError('INTERNAL', `Refusing mirror path ${outcome.record.path}: it is outside the mirror.`);
    }
    const holder = claims.holderOf(outcome.record.path);
    if (holder === undefined) {
      claims.claim(outcome.record);
      winners.push(outcome);
    } else {
      if (outcome.kind === 'fetched') await rm(outcome.stagedFile, { force: true });
      // The same URL twice (two links redirecting to one page) is one page, not a clash.
      if (holder !== outcome.record.url)
        skipped.push({ path: outcome.record.path, reason: `mirror path taken by ${holder}` });
    }
  }
  await pruneMirror(mirrorDir, new Set(winners.map((outcome) => outcome.record.path)));
  for (const outcome of winners) {
    if (outcome.kind !== 'fetched') continue;
    const target = path.join(mirrorDir, ...outcome.record.path.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await rename(outcome.stagedFile, target);
  }
  return {
    pages: winners.map((outcome) => outcome.record).sort((a, b) => compare(a.path, b.path)),
    skipped,
    allNotModified: winners.every((outcome) => outcome.kind === 'kept' && outcome.notModified),
  };
}

/** Paths taken so far: a file path excludes the same path and any path below it, and a directory the file of its name. */
function createClaims() {
  const files = new Map<string, string>();
  const directories = new Map<string, string>();
  return {
    holderOf(mirrorPath: string): string | undefined {
      const taken = files.get(mirrorPath) ?? directories.get(mirrorPath);
      if (taken !== undefined) return taken;
      return ancestorsOf(mirrorPath)
        .map((ancestor) => files.get(ancestor))
        .find((holder) => holder !== undefined);
    },
    claim(record: WebPageRecord): void {
      files.set(record.path, record.url);
      for (const ancestor of ancestorsOf(record.path))
        if (!directories.has(ancestor)) directories.set(ancestor, record.url);
    },
  };
}

function ancestorsOf(mirrorPath: string): string[] {
  const segments = mirrorPath.split('/');
  return segments.slice(0, -1).map((_, index) => segments.slice(0, index + 1).join('/'));
}

/** Whether `mirrorPath` resolves outside the mirror: `mirrorPath()` refuses such paths, so this is a last guard against a bug. */
function isOutside(mirrorDir: string, mirrorPath: string): boolean {
  const target = path.resolve(mirrorDir, ...mirrorPath.split('/'));
  return !target.startsWith(path.resolve(mirrorDir) + path.sep);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
