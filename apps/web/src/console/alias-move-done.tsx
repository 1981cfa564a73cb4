import type { HistoryEntry } from '@ragship/server';
import { AuditEntryView } from './audit-entry-view.tsx';

/** What a promotion or rollback did: the version the environment serves now, and the audit entry it wrote. */
export function AliasMoveDone({
  move,
}: {
  move: { result: { kb: string; environment: string; to: string }; audit: HistoryEntry | null };
}) {
  const { kb, environment, to } = move.result;
  return (
    <div className="notice notice-success" role="status">
      <p>
        <strong>
          {kb}@{environment} now serves {to}
        </strong>
      </p>
      {move.audit && <AuditEntryView entry={move.audit} />}
    </div>
  );
}
