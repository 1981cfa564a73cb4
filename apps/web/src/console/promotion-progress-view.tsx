import type { PromotionProgressEvent } from '@ragship/server';

/** What each stage of a promotion is doing, in words. */
const STAGES: Record<PromotionProgressEvent['stage'], string> = {
  check: 'Checking the version',
  gates: 'Judging the gates',
  plan: 'Planning the segments',
  copy: 'Copying',
  verify: 'Verifying',
  baseline: 'Measuring the drift baseline',
  flip: 'Moving the alias',
};

/** A running promotion: its stage and, while copying or verifying, how many chunks of how many. */
export function PromotionProgressView({ progress }: { progress: PromotionProgressEvent | null }) {
  const counted = progress?.total !== undefined && progress.total > 0;
  return (
    <div className="progress" role="status">
      <p>
        {progress ? STAGES[progress.stage] : 'Starting'}
        {progress?.segment && (
          <>
            {' '}
            segment <code>{progress.segment}</code>
          </>
        )}
        {counted && `: ${(progress.done ?? 0).toLocaleString()} of ${progress.total?.toLocaleString()} chunks`}…
      </p>
      {counted && <progress aria-label="Promotion progress" max={progress.total} value={progress.done ?? 0} />}
    </div>
  );
}
