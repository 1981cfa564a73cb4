import { useId } from 'react';
import type { VersionSummary } from '@ragship/server';
import { RelativeTime } from '../format/relative-time.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { useVersionQuery, useVersionsQuery } from './console-queries.ts';
import { consolePath } from './console-route.ts';
import { EvalMetrics } from './eval-metrics.tsx';
import { ManifestSummary } from './manifest-summary.tsx';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';
import { navigate } from './use-console-route.ts';
import { ValidationLists } from './validation-lists.tsx';
import { VersionDiffView } from './version-diff-view.tsx';

/** One version: summary, manifest essentials, validation, and a diff with any other version. */
export function VersionPage({
  kb,
  version,
  compare,
  doc,
}: {
  kb: string;
  version: string;
  compare: string | null;
  doc: string | null;
}) {
  const id = useId();
  const detail = useVersionQuery(kb, version);
  const versions = useVersionsQuery(kb);
  const others = (versions.data?.versions ?? []).filter((candidate) => candidate.version !== version);
  const go = (next: { compare: string | null; doc: string | null }) =>
    navigate(consolePath({ page: 'version', kb, version, ...next }));

  return (
    <>
      <Breadcrumbs kb={kb} version={version} />
      <PageHeading title={`${kb}@${version}`} />
      <QueryState query={detail} label="the version">
        {(data) => (
          <>
            <VersionFacts summary={data.summary} />
            {data.manifest ? (
              <ManifestSummary manifest={data.manifest} />
            ) : (
              <p className="muted">No manifest: the version is {data.summary.status}.</p>
            )}
            <ValidationLists rejected={data.rejected} flagged={data.flagged} />
          </>
        )}
      </QueryState>
      <section aria-labelledby={`${id}-compare`} className="compare">
        <h2 id={`${id}-compare`}>Compare</h2>
        <div className="field field-inline">
          <label htmlFor={`${id}-compare-with`}>Compare with</label>
          <select
            id={`${id}-compare-with`}
            value={compare ?? ''}
            onChange={(event) => go({ compare: event.target.value || null, doc: null })}
          >
            <option value="">Choose a version…</option>
            {others.map((other) => (
              <option key={other.version} value={other.version}>
                {other.version} ({other.status})
              </option>
            ))}
          </select>
        </div>
        {compare && (
          <VersionDiffView
            kb={kb}
            from={compare}
            to={version}
            selectedDoc={doc}
            onSelectDoc={(docId) => go({ compare, doc: docId })}
          />
        )}
      </section>
    </>
  );
}

function VersionFacts({ summary }: { summary: VersionSummary }) {
  return (
    <section aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      <dl className="facts facts-wide">
        <dt>Status</dt>
        <dd>
          <span className={`status-badge status-${summary.status}`}>{summary.status}</span>
        </dd>
        <dt>Created</dt>
        <dd>
          <RelativeTime iso={summary.createdAt} />
        </dd>
        <dt>Built from</dt>
        <dd>{summary.parent ?? 'nothing (a full build)'}</dd>
        <dt>Documents / chunks</dt>
        <dd>
          {summary.documents ?? '—'} / {summary.chunks ?? '—'}
        </dd>
        <dt>Rejected / flagged</dt>
        <dd>
          {summary.rejected ?? '—'} / {summary.flagged ?? '—'}
        </dd>
        <dt>Embedder</dt>
        <dd>{summary.embedder ? <code>{summary.embedder}</code> : '—'}</dd>
        <dt>Eval</dt>
        <dd>
          <EvalMetrics evals={summary.eval} />
        </dd>
        <dt>Served in</dt>
        <dd>{summary.servedIn.length === 0 ? 'no environment' : summary.servedIn.join(', ')}</dd>
      </dl>
    </section>
  );
}
