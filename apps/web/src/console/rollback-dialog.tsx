import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RollbackRequest, RollbackResponse, ServedEntry } from '@ragship/server';
import { useApi } from '../api/api-context.tsx';
import { describeError } from '../errors/describe-error.ts';
import { ErrorNotice } from '../errors/error-notice.tsx';
import { AliasMoveDone } from './alias-move-done.tsx';
import { invalidateAfterAliasMove } from './console-queries.ts';
import { ModalDialog } from './modal-dialog.tsx';

/** Roll back: confirms "Roll back docs@prod from v2 to v1?", posts the rollback, shows the audit entry. */
export function RollbackDialog({
  kb,
  environment,
  served,
  onClose,
}: {
  kb: string;
  environment: string;
  /** What the environment serves now, and where a rollback goes (`previous`). */
  served: ServedEntry;
  onClose: () => void;
}) {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const rollback = useMutation({
    mutationFn: (request: RollbackRequest) => client.post<RollbackResponse>('/v1/admin/rollbacks', request),
    onSettled: () => invalidateAfterAliasMove(queryClient),
  });
  return (
    <ModalDialog title="Roll back" onClose={onClose}>
      {!rollback.data && (
        <div className="confirm">
          <p>
            Roll back {kb}@{environment} from {served.version} to {served.previous}?
          </p>
          <p className="muted">The alias moves back at once; the store still holds {served.previous}.</p>
          <div className="button-row">
            <button
              type="button"
              className="button-danger"
              disabled={rollback.isPending}
              onClick={() => rollback.mutate({ kb, env: environment })}
            >
              Roll back
            </button>
            <button type="button" className="button-quiet" onClick={onClose}>
              Cancel
            </button>
          </div>
        </div>
      )}
      {rollback.isPending && <p role="status">Rolling back…</p>}
      {rollback.error && <ErrorNotice error={describeError(rollback.error)} />}
      {rollback.data && <AliasMoveDone move={rollback.data} />}
    </ModalDialog>
  );
}
