import type { HistoryEntry } from '@ragship/server';
import { RelativeTime } from '../format/relative-time.tsx';
import { formatMargin } from '../format/format-number.ts';
import { buildLabel } from '../format/build-label.ts';
import { GateVerdictLabel } from './gate-table.tsx';

/** One audit entry: action, kb@environment, from → to, who and when, gates with margins, the build. */
export function AuditEntryView({ entry }: { entry: HistoryEntry }) {
  const build = buildOf(entry.details);
  const reason = typeof entry.details.reason === 'string' ? entry.details.reason : null;
  return (
    <div className="audit-entry">
      <p className="audit-headline">
        <span className={`action-badge action-${entry.action}`}>{entry.action}</span>{' '}
        <strong>
          {entry.kb}
          {entry.environment ? `@${entry.environment}` : ''}
        </strong>{' '}
        {(entry.from || entry.to) && (
          <span className="move">
            {entry.from ?? '(none)'} → {entry.to ?? '(none)'}
          </span>
        )}
      </p>
      <p className="audit-meta">
        by {entry.actor} · <RelativeTime iso={entry.at} />
        {build && <> · build {buildLabel(build)}</>}
      </p>
      {reason && <p className="audit-reason">Reason: {reason}</p>}
      {entry.gates.length > 0 && (
        <ul className="gate-list" aria-label="Gates">
          {entry.gates.map((gate, index) => (
            <li key={`${gate.metric}-${gate.rule}-${index}`}>
              <GateVerdictLabel passed={gate.passed} /> {gate.metric} {gate.rule} {gate.threshold}
              {gate.margin !== null && <> (margin {formatMargin(gate.margin)})</>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** `details.build.build` and friends, when the entry carries the build that wrote it. */
function buildOf(details: Record<string, unknown>): { build: string; gitSha: string; version: string } | null {
  const build = details.build as Partial<Record<'build' | 'gitSha' | 'version', unknown>> | undefined;
  if (!build || typeof build.build !== 'string') return null;
  return {
    build: build.build,
    gitSha: typeof build.gitSha === 'string' ? build.gitSha : 'unknown',
    version: typeof build.version === 'string' ? build.version : 'unknown',
  };
}
