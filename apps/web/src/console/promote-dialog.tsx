import { useId, useState, type FormEvent } from 'react';
import type { AdminStatus, PromotionRequest, VersionSummary } from '@ragship/server';
import { useVersionsQuery } from './console-queries.ts';
import { ModalDialog } from './modal-dialog.tsx';
import { PromotionFailure } from './promotion-failure.tsx';
import { PromotionPlanView } from './promotion-plan-view.tsx';
import { PromotionRunView } from './promotion-run-view.tsx';
import { usePromotion, usePromotionPlan } from './use-promotion.ts';

/**
 * Promote: choose the kb, a ready version or what another environment serves, and the target;
 * "Plan (dry run)" shows the gates with their margins and the segments to copy; "Promote" runs
 * it, streaming progress, and shows the audit entry it wrote.
 */
export function PromoteDialog({
  status,
  kbs,
  initial,
  onClose,
}: {
  status: AdminStatus;
  /** Every kb the console knows. */
  kbs: readonly string[];
  /** The cell it was opened from, if any. */
  initial: { kb: string | null; environment: string | null };
  onClose: () => void;
}) {
  const id = useId();
  const environments = Object.keys(status.environments);
  const [kb, setKb] = useState(initial.kb ?? kbs[0] ?? '');
  const [target, setTarget] = useState(initial.environment ?? environments.at(-1) ?? '');
  const [chosenSource, setSource] = useState('');
  const versions = useVersionsQuery(kb || null);
  const plan = usePromotionPlan();
  const promotion = usePromotion();

  const ready = (versions.data?.versions ?? []).filter((version) => version.status === 'ready');
  const servingElsewhere = environments.filter((name) => name !== target && status.environments[name]?.kbs[kb]);
  const source = chosenSource || defaultSource(environments, target, servingElsewhere, ready);
  const request = requestOf(kb, source, target);
  const targetStatus = status.environments[target];

  const change = (apply: () => void) => {
    apply();
    plan.reset();
    promotion.reset();
  };
  const submitPlan = (event: FormEvent) => {
    event.preventDefault();
    if (request) plan.mutate(request);
  };

  return (
    <ModalDialog title="Promote" onClose={onClose}>
      <form className="dialog-form" onSubmit={submitPlan}>
        <div className="field">
          <label htmlFor={`${id}-kb`}>Knowledge base</label>
          <select
            id={`${id}-kb`}
            value={kb}
            onChange={(event) =>
              change(() => {
                setKb(event.target.value);
                setSource('');
              })
            }
          >
            {kbs.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-version`}>Version</label>
          <select id={`${id}-version`} value={source} onChange={(event) => change(() => setSource(event.target.value))}>
            {source === '' && <option value="">{versions.isPending ? 'Loading versions…' : 'No ready version'}</option>}
            {ready.map((version, index) => (
              <option key={version.version} value={`version:${version.version}`}>
                {version.version}
                {index === 0 ? ' (latest)' : ''}
              </option>
            ))}
            {servingElsewhere.map((name) => (
              <option key={name} value={`from:${name}`}>
                what {name} serves ({status.environments[name]?.kbs[kb]?.version})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-target`}>Target environment</label>
          <select
            id={`${id}-target`}
            value={target}
            onChange={(event) =>
              change(() => {
                setTarget(event.target.value);
                setSource('');
              })
            }
          >
            {environments.map((name) => (
              <option key={name} value={name}>
                {name}
                {status.environments[name]?.consolePromotion ? '' : ' (console promotion off)'}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="button-secondary" disabled={!request || plan.isPending || promotion.isPending}>
          Plan (dry run)
        </button>
      </form>
      {targetStatus && !targetStatus.consolePromotion && (
        <p className="notice">
          {target} does not allow promotion from the console; promote with the CLI (<code>ragship promote</code>).
        </p>
      )}
      {plan.isPending && <p role="status">Planning…</p>}
      {plan.error && <PromotionFailure error={plan.error} environment={target} />}
      {plan.data && <PromotionPlanView plan={plan.data.result} />}
      {plan.data && request && <PromotionRunView plan={plan.data.result} request={request} promotion={promotion} />}
    </ModalDialog>
  );
}

/** What a promotion to `target` starts from: what the environment before it serves, else the latest ready version. */
function defaultSource(
  environments: readonly string[],
  target: string,
  servingElsewhere: readonly string[],
  ready: readonly VersionSummary[],
): string {
  const previous = environments[environments.indexOf(target) - 1];
  if (previous && servingElsewhere.includes(previous)) return `from:${previous}`;
  const latest = ready[0];
  return latest ? `version:${latest.version}` : '';
}

function requestOf(kb: string, source: string, target: string): PromotionRequest | null {
  if (!kb || !target) return null;
  if (source.startsWith('version:')) return { kb, version: source.slice('version:'.length), to: target };
  if (source.startsWith('from:')) return { kb, from: source.slice('from:'.length), to: target };
  return null;
}
