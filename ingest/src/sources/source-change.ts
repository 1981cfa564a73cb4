import type { GitCommitRecord, SourceRecord } from '@ragship/core';

/** What changed in the source between two versions, in the source's own terms; part of `ragship diff`. */
export type SourceChange =
  | {
      kind: 'git';
      location: string;
      /** The older version's commit; null when it was built from elsewhere (or before sources were recorded). */
      from: GitCommitRecord | null;
      to: GitCommitRecord;
      /** The commits from `from` (excluded) to `to`, newest first, when the newer run knew them. */
      commits: GitCommitRecord[];
    }
  | {
      kind: 'web' | 's3';
      location: string;
      /** URLs (web) or keys (S3) new in the newer version. */
      added: string[];
      /** Those whose validators (ETag, Last-Modified) or ETag changed. */
      changed: string[];
      /** Those gone. */
      removed: string[];
    }
  | { kind: 'directory'; location: string }
  /** The two versions were built from different sources. */
  | { kind: 'moved'; from: string | null; to: string };

/**
 * How the source changed from the version that recorded `from` to the one that recorded `to`;
 * undefined when the newer version recorded no source (built from a folder).
 */
export function sourceChange(from: SourceRecord | undefined, to: SourceRecord | undefined): SourceChange | undefined {
  if (!to) return undefined;
  if (from && (from.kind !== to.kind || from.location !== to.location)) {
    return { kind: 'moved', from: from.location, to: to.location };
  }
  switch (to.kind) {
    case 'git': {
      const before = from?.kind === 'git' ? from.commit : null;
      const commits = to.changes && before && to.changes.from === before.sha ? to.changes.commits : [];
      return { kind: 'git', location: to.location, from: before, to: to.commit, commits };
    }
    case 'web': {
      const entries = (record: SourceRecord | undefined) =>
        record?.kind === 'web'
          ? record.pages.map((page) => [page.url, `${page.etag}\0${page.lastModified}`] as const)
          : [];
      return { kind: 'web', location: to.location, ...compareEntries(entries(from), entries(to)) };
    }
    case 's3': {
      const entries = (record: SourceRecord | undefined) =>
        record?.kind === 's3'
          ? record.objects.map((object) => [object.key, `${object.etag}\0${object.versionId}`] as const)
          : [];
      return { kind: 's3', location: to.location, ...compareEntries(entries(from), entries(to)) };
    }
    case 'directory':
      return { kind: 'directory', location: to.location };
  }
}

function compareEntries(
  before: readonly (readonly [string, string])[],
  after: readonly (readonly [string, string])[],
): { added: string[]; changed: string[]; removed: string[] } {
  const old = new Map(before);
  const now = new Map(after);
  const added = [...now.keys()].filter((name) => !old.has(name)).sort();
  const changed = [...now].filter(([name, value]) => old.has(name) && old.get(name) !== value).map(([name]) => name);
  const removed = [...old.keys()].filter((name) => !now.has(name)).sort();
  return { added, changed: changed.sort(), removed };
}

/** `ragship diff`'s lines about the source: the commits, or the pages or objects that changed. */
export function describeSourceChange(change: SourceChange): string[] {
  const short = (commit: GitCommitRecord) => `${commit.sha.slice(0, 12)} "${commit.subject}"`;
  switch (change.kind) {
    case 'git':
      return [
        `Source ${change.location}: ${change.from ? `commit ${short(change.from)} → ` : ''}commit ${short(change.to)}` +
          (change.commits.length > 0 ? `, ${change.commits.length} commit(s):` : '.'),
        ...change.commits.map((commit) => `  ${short(commit)} by ${commit.author}, ${commit.committedAt}`),
      ];
    case 'web':
    case 's3': {
      const what = change.kind === 'web' ? 'pages' : 'objects';
      return [
        `Source ${change.location}: ${what} ${change.added.length} new, ${change.changed.length} changed, ` +
          `${change.removed.length} gone.`,
      ];
    }
    case 'directory':
      return [`Source ${change.location} (a folder).`];
    case 'moved':
      return [`Source moved: ${change.from ?? 'a folder'} → ${change.to}.`];
  }
}
