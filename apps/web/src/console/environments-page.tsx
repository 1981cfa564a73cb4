import { lazy, Suspense, useState } from 'react';
import type { SessionInfo } from '@ragship/server';
import { useKbsQuery, useMonitoringQuery, useStatusQuery } from './console-queries.ts';
import { EnvironmentMatrix } from './environment-matrix.tsx';
import { MonitoringView } from './monitoring-view.tsx';
import { PageHeading } from './page-heading.tsx';
import { QueryState } from './query-state.tsx';

/** The dialogs load when first opened: most visits only look. */
const PromoteDialog = lazy(() => import('./promote-dialog.tsx').then((module) => ({ default: module.PromoteDialog })));
const RollbackDialog = lazy(() =>
  import('./rollback-dialog.tsx').then((module) => ({ default: module.RollbackDialog })),
);

type OpenDialog =
  | { kind: 'promote'; kb: string | null; environment: string | null }
  | { kind: 'rollback'; kb: string; environment: string };

/** Environments: what each serves (environments × kbs), promote and roll back, drift and feedback. */
export function EnvironmentsPage({ session }: { session: SessionInfo }) {
  const status = useStatusQuery();
  const kbs = useKbsQuery();
  const monitoring = useMonitoringQuery();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const canChange = session.role !== 'reader';

  return (
    <>
      <PageHeading title="Environments">
        <button
          type="button"
          className="button-primary"
          disabled={!canChange || !status.data}
          onClick={() => setDialog({ kind: 'promote', kb: null, environment: null })}
        >
          Promote…
        </button>
      </PageHeading>
      <QueryState query={status} label="environments">
        {(data) => {
          const kbNames = [
            ...new Set([
              ...(kbs.data?.kbs.map((summary) => summary.kb) ?? []),
              ...Object.values(data.environments).flatMap((environment) => Object.keys(environment.kbs)),
            ]),
          ].sort();
          const served =
            dialog?.kind === 'rollback' ? data.environments[dialog.environment]?.kbs[dialog.kb] : undefined;
          return (
            <>
              <EnvironmentMatrix
                status={data}
                kbs={kbNames}
                canChange={canChange}
                onPromote={(kb, environment) => setDialog({ kind: 'promote', kb, environment })}
                onRollback={(kb, environment) => setDialog({ kind: 'rollback', kb, environment })}
              />
              <Suspense fallback={null}>
                {dialog?.kind === 'promote' && (
                  <PromoteDialog status={data} kbs={kbNames} initial={dialog} onClose={() => setDialog(null)} />
                )}
                {dialog?.kind === 'rollback' && served && (
                  <RollbackDialog
                    kb={dialog.kb}
                    environment={dialog.environment}
                    served={served}
                    onClose={() => setDialog(null)}
                  />
                )}
              </Suspense>
            </>
          );
        }}
      </QueryState>
      <QueryState query={monitoring} label="monitoring">
        {(data) => <MonitoringView monitoring={data} phoenixUrl={session.phoenixUrl} />}
      </QueryState>
    </>
  );
}
