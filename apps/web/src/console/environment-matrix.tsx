import type { AdminStatus, EnvironmentStatus } from '@ragship/server';
import { buildLabel } from '../format/build-label.ts';
import { ServedCell } from './served-cell.tsx';

/** Environments × kbs: per environment its build and console promotion; per cell what it serves. */
export function EnvironmentMatrix({
  status,
  kbs,
  canChange,
  onPromote,
  onRollback,
}: {
  status: AdminStatus;
  /** The rows: every kb known (served or not). */
  kbs: readonly string[];
  /** False for a key that may not promote (role reader). */
  canChange: boolean;
  onPromote: (kb: string, environment: string) => void;
  onRollback: (kb: string, environment: string) => void;
}) {
  const environments = Object.entries(status.environments);
  return (
    <div className="table-scroll">
      <table className="data-table matrix">
        <caption>What each environment serves</caption>
        <thead>
          <tr>
            <th scope="col">Knowledge base</th>
            {environments.map(([name, environment]) => (
              <th scope="col" key={name}>
                <EnvironmentHeader name={name} environment={environment} isThisApi={name === status.environment} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {kbs.map((kb) => (
            <tr key={kb}>
              <th scope="row">{kb}</th>
              {environments.map(([name, environment]) => (
                <ServedCell
                  key={name}
                  kb={kb}
                  environment={name}
                  served={environment.kbs[kb] ?? null}
                  judgedHere={name === status.environment}
                  changeBlocked={changeBlocked(canChange, name, environment)}
                  onPromote={() => onPromote(kb, name)}
                  onRollback={() => onRollback(kb, name)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EnvironmentHeader({
  name,
  environment,
  isThisApi,
}: {
  name: string;
  environment: EnvironmentStatus;
  isThisApi: boolean;
}) {
  return (
    <div className="environment-header">
      <span className="environment-name">
        {name}
        {isThisApi && <span className="muted"> (this API)</span>}
      </span>
      <span className="environment-build" title={environment.build ? environment.build.build : undefined}>
        {environment.build
          ? `build ${buildLabel(environment.build)}`
          : `unknown: ${environment.buildUnknown ?? 'no build reported'}`}
      </span>
      <span className={environment.consolePromotion ? 'promotion-on' : 'promotion-off'}>
        console promotion: {environment.consolePromotion ? 'on' : 'off'}
      </span>
    </div>
  );
}

function changeBlocked(canChange: boolean, name: string, environment: EnvironmentStatus): string | null {
  if (!canChange) return 'Your key (role reader) cannot promote or roll back.';
  if (!environment.consolePromotion) return `${name} does not allow promotion from the console; use the CLI.`;
  return null;
}
