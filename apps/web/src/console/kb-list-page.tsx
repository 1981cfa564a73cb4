import { ConsoleLink } from './console-link.tsx';
import { useKbsQuery } from './console-queries.ts';
import { consolePath } from './console-route.ts';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';

/** Knowledge bases: each with its number of versions, the latest ready one, and what each environment serves. */
export function KbListPage() {
  const kbs = useKbsQuery();
  return (
    <>
      <PageHeading title="Knowledge bases" />
      <QueryState query={kbs} label="knowledge bases">
        {({ kbs: summaries }) =>
          summaries.length === 0 ? (
            <p>
              No knowledge base yet: ingest one with <code>ragship ingest</code>.
            </p>
          ) : (
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Knowledge base</th>
                  <th scope="col">Versions</th>
                  <th scope="col">Latest ready</th>
                  <th scope="col">Served</th>
                </tr>
              </thead>
              <tbody>
                {summaries.map((summary) => (
                  <tr key={summary.kb}>
                    <th scope="row">
                      <ConsoleLink href={consolePath({ page: 'kb', kb: summary.kb })}>{summary.kb}</ConsoleLink>
                    </th>
                    <td>{summary.versions}</td>
                    <td>{summary.latest ?? <span className="muted">none</span>}</td>
                    <td>
                      {Object.keys(summary.served).length === 0 ? (
                        <span className="muted">nowhere</span>
                      ) : (
                        Object.entries(summary.served).map(([environment, version]) => (
                          <span key={environment} className="served-badge">
                            {environment}: {version}
                          </span>
                        ))
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryState>
    </>
  );
}
