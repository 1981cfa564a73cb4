import type { VersionDetail, VersionDiff } from '@ragship/server';

type SourceRecord = NonNullable<NonNullable<VersionDetail['manifest']>['source']>;
type SourceChange = NonNullable<VersionDiff['source']>;
type Commit = Extract<SourceRecord, { kind: 'git' }>['commit'];

function CommitLabel({ commit }: { commit: Commit }) {
  return (
    <>
      <code>{commit.sha.slice(0, 12)}</code> “{commit.subject}”
    </>
  );
}

/** What a version was built from, in the source's own terms: the commit, the pages, the objects. */
export function SourceFact({ source }: { source: SourceRecord }) {
  const where = <code className="break-all">{source.location}</code>;
  switch (source.kind) {
    case 'git':
      return (
        <>
          {where} at commit <CommitLabel commit={source.commit} /> by {source.commit.author},{' '}
          {source.commit.committedAt}
        </>
      );
    case 'web':
      return (
        <>
          {where}: {source.pages.length.toLocaleString()} pages (
          {source.mode === 'sitemap' ? 'from the sitemap' : 'crawled'})
        </>
      );
    case 's3':
      return (
        <>
          {where}: {source.objects.length.toLocaleString()} objects
        </>
      );
    case 'directory':
      return where;
  }
}

/** How the source changed between the two versions of a diff: the commits, or the pages or objects that changed. */
export function SourceChangeView({ change }: { change: SourceChange }) {
  switch (change.kind) {
    case 'git':
      return (
        <div>
          <p>
            Source <code className="break-all">{change.location}</code>:{' '}
            {change.from && (
              <>
                commit <CommitLabel commit={change.from} /> →{' '}
              </>
            )}
            commit <CommitLabel commit={change.to} />
          </p>
          {change.commits.length > 0 && (
            <ul aria-label="Commits">
              {change.commits.map((commit) => (
                <li key={commit.sha}>
                  <CommitLabel commit={commit} /> by {commit.author}, {commit.committedAt}
                </li>
              ))}
            </ul>
          )}
        </div>
      );
    case 'web':
    case 's3':
      return (
        <p>
          Source <code className="break-all">{change.location}</code>: {change.kind === 'web' ? 'pages' : 'objects'}{' '}
          {change.added.length} new, {change.changed.length} changed, {change.removed.length} gone.
        </p>
      );
    case 'directory':
      return null;
    case 'moved':
      return (
        <p>
          Source moved: {change.from ?? 'a folder'} → {change.to}.
        </p>
      );
  }
}
