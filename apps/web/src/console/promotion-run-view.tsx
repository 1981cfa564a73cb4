import type { PromotionRequest, PromotionResponse } from '@ragship/server';
import { AliasMoveDone } from './alias-move-done.tsx';
import { PromotionFailure } from './promotion-failure.tsx';
import { PromotionProgressView } from './promotion-progress-view.tsx';
import type { usePromotion } from './use-promotion.ts';

/**
 * After a dry run: the confirmation (refused when a gate refuses), then the promotion's progress,
 * and what it did — the version now served and the audit entry — or why it failed.
 */
export function PromotionRunView({
  plan,
  request,
  promotion,
}: {
  /** The dry run's result. */
  plan: PromotionResponse['result'];
  request: PromotionRequest;
  promotion: ReturnType<typeof usePromotion>;
}) {
  const refusedInPlan = plan.gates.some((gate) => !gate.passed);
  const target = request.to;
  return (
    <>
      {promotion.isIdle && (
        <div className="confirm">
          <p>
            Promote {request.kb} {plan.to} to {target}? {target} serves it as soon as the copy is verified.
          </p>
          <button
            type="button"
            className="button-primary"
            disabled={!plan.changed || refusedInPlan}
            title={refusedInPlan ? 'A gate refuses this version.' : undefined}
            onClick={() => promotion.mutate(request)}
          >
            Promote
          </button>
        </div>
      )}
      {promotion.isPending && <PromotionProgressView progress={promotion.progress} />}
      {promotion.error && <PromotionFailure error={promotion.error} environment={target} />}
      {promotion.data && <AliasMoveDone move={promotion.data} />}
    </>
  );
}
