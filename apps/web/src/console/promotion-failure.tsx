import { ApiError } from '../api/api-error.ts';
import { describeError } from '../errors/describe-error.ts';
import { ErrorNotice } from '../errors/error-notice.tsx';
import { GateTable } from './gate-table.tsx';

/** Why a promotion did not happen: refused gates with their margins, console promotion off, or the error in words. */
export function PromotionFailure({ error, environment }: { error: unknown; environment: string }) {
  if (error instanceof ApiError && error.code === 'GATE_REFUSED') {
    const refused = error.gates.filter((gate) => !gate.passed);
    return (
      <div className="notice notice-error" role="alert">
        <p>
          <strong>
            Refused by {refused.length} of {error.gates.length} gates of {environment}.
          </strong>{' '}
          {error.message}
        </p>
        <GateTable gates={error.gates} caption="Gates" />
      </div>
    );
  }
  return <ErrorNotice error={describeError(error)} />;
}
