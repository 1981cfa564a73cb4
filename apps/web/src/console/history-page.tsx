import { useId } from 'react';
import { AuditEntryView } from './audit-entry-view.tsx';
import { useHistoryQuery, useKbsQuery, useStatusQuery } from './console-queries.ts';
import { consolePath } from './console-route.ts';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';
import { navigate } from './use-console-route.ts';

/** How many entries the timeline shows. */
const HISTORY_LIMIT = 100;

/** History: the audit timeline of promotions, rollbacks and refusals, filtered by kb and environment (in the URL). */
export function HistoryPage({ kb, env }: { kb: string | null; env: string | null }) {
  const id = useId();
  const history = useHistoryQuery({ kb, env, limit: HISTORY_LIMIT });
  const kbs = useKbsQuery();
  const status = useStatusQuery();
  const kbNames = kbs.data?.kbs.map((summary) => summary.kb) ?? [];
  const environments = Object.keys(status.data?.environments ?? {});
  const filter = (next: { kb: string | null; env: string | null }) =>
    navigate(consolePath({ page: 'history', ...next }), { replace: true });

  return (
    <>
      <PageHeading title="History" />
      <form className="filters" aria-label="Filter the history" onSubmit={(event) => event.preventDefault()}>
        <div className="field field-inline">
          <label htmlFor={`${id}-kb`}>Knowledge base</label>
          <select
            id={`${id}-kb`}
            value={kb ?? ''}
            onChange={(event) => filter({ kb: event.target.value || null, env })}
          >
            <option value="">all</option>
            {withCurrent(kbNames, kb).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={`${id}-env`}>Environment</label>
          <select
            id={`${id}-env`}
            value={env ?? ''}
            onChange={(event) => filter({ kb, env: event.target.value || null })}
          >
            <option value="">all</option>
            {withCurrent(environments, env).map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
      </form>
      <QueryState query={history} label="the history">
        {({ entries }) =>
          entries.length === 0 ? (
            <p className="muted">Nothing recorded{kb || env ? ' for this filter' : ''} yet.</p>
          ) : (
            <ol className="timeline" aria-label="Audit entries, newest first">
              {entries.map((entry) => (
                <li key={entry.id}>
                  <AuditEntryView entry={entry} />
                </li>
              ))}
            </ol>
          )
        }
      </QueryState>
    </>
  );
}

/** The options, with the filter's current value even before (or without) the list naming it. */
function withCurrent(options: readonly string[], current: string | null): string[] {
  return current && !options.includes(current) ? [...options, current] : [...options];
}
