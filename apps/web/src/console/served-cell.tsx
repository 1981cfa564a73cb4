import type { ServedEntry } from '@ragship/server';
import { RelativeTime } from '../format/relative-time.tsx';
import { formatNumber } from '../format/format-number.ts';

/** What one environment serves of one kb, and the buttons to change it. */
export function ServedCell({
  kb,
  environment,
  served,
  judgedHere,
  changeBlocked,
  onPromote,
  onRollback,
}: {
  kb: string;
  environment: string;
  /** Null: the environment serves nothing of this kb. */
  served: ServedEntry | null;
  /** True for the environment this API serves (only it judges drift). */
  judgedHere: boolean;
  /** Why Promote and Roll back are disabled; null when they are not. */
  changeBlocked: string | null;
  onPromote: () => void;
  onRollback: () => void;
}) {
  const rollbackBlocked = changeBlocked ?? (served?.previous ? null : 'There is no earlier version to roll back to.');
  return (
    <td className="served-cell">
      {served ? (
        <>
          <p className="served-version">{served.version}</p>
          <p className="served-since">
            since <RelativeTime iso={served.promotedAt} /> by {served.promotedBy}
          </p>
          <p>{served.previous ? `rollback target: ${served.previous}` : 'no rollback target'}</p>
          <p>
            drift: <DriftSummary drift={served.drift} judgedHere={judgedHere} />
          </p>
          <p>
            feedback: {served.feedback.up} up · {served.feedback.down} down
          </p>
        </>
      ) : (
        <p className="muted">not served</p>
      )}
      <div className="button-row">
        <button
          type="button"
          className="button-secondary button-small"
          aria-label={`Promote ${kb} to ${environment}…`}
          disabled={changeBlocked !== null}
          title={changeBlocked ?? undefined}
          onClick={onPromote}
        >
          Promote…
        </button>
        {served && (
          <button
            type="button"
            className="button-secondary button-small"
            aria-label={`Roll back ${kb}@${environment}…`}
            disabled={rollbackBlocked !== null}
            title={rollbackBlocked ?? undefined}
            onClick={onRollback}
          >
            Roll back…
          </button>
        )}
      </div>
    </td>
  );
}

function DriftSummary({ drift, judgedHere }: { drift: ServedEntry['drift']; judgedHere: boolean }) {
  if (!drift) {
    return (
      <span title={judgedHere ? 'No drift report yet' : "Each environment's API judges drift on its own traffic"}>
        — <span className="muted">{judgedHere ? 'no report yet' : 'judged by its own API'}</span>
      </span>
    );
  }
  const score =
    drift.score === null ? 'no score yet' : `${formatNumber(drift.score)} / ${formatNumber(drift.threshold)}`;
  return (
    <span className={drift.status === 'drift' ? 'text-refused' : ''}>
      {drift.status.replace('_', ' ')} · {score}
      {drift.status === 'drift' && drift.worstSignal ? ` (${drift.worstSignal})` : ''}
    </span>
  );
}
