import type { VersionSummary } from '@ragship/server';
import { RelativeTime } from '../format/relative-time.tsx';
import { Breadcrumbs } from './breadcrumbs.tsx';
import { ConsoleLink } from './console-link.tsx';
import { useVersionsQuery } from './console-queries.ts';
import { consolePath } from './console-route.ts';
import { EvalMetrics } from './eval-metrics.tsx';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';

/** One kb's versions, newest first: status, size, validation, embedder, eval metrics, where served. */
export function KbVersionsPage({ kb }: { kb: string }) {
  const versions = useVersionsQuery(kb);
  return (
    <>
      <Breadcrumbs kb={kb} />
      <PageHeading title={`${kb}: versions`} />
      <QueryState query={versions} label="versions">
        {(data) => (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Documents / chunks</th>
                  <th scope="col">Rejected / flagged</th>
                  <th scope="col">Embedder</th>
                  <th scope="col">Eval</th>
                  <th scope="col">Served in</th>
                </tr>
              </thead>
              <tbody>
                {data.versions.map((version) => (
                  <VersionRow key={version.version} kb={kb} version={version} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </>
  );
}

function VersionRow({ kb, version }: { kb: string; version: VersionSummary }) {
  return (
    <tr>
      <th scope="row">
        <ConsoleLink href={consolePath({ page: 'version', kb, version: version.version, compare: null, doc: null })}>
          {version.version}
        </ConsoleLink>
      </th>
      <td>
        <span className={`status-badge status-${version.status}`}>{version.status}</span>
      </td>
      <td>
        <RelativeTime iso={version.createdAt} />
      </td>
      <td>{pair(version.documents, version.chunks)}</td>
      <td>{pair(version.rejected, version.flagged)}</td>
      <td>{version.embedder ? <code>{version.embedder}</code> : '—'}</td>
      <td>
        <EvalMetrics evals={version.eval} />
      </td>
      <td>{version.servedIn.length === 0 ? <span className="muted">—</span> : version.servedIn.join(', ')}</td>
    </tr>
  );
}

function pair(first: number | null, second: number | null): string {
  return first === null || second === null ? '—' : `${first.toLocaleString()} / ${second.toLocaleString()}`;
}
