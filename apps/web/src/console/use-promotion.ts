import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PromotionProgressEvent, PromotionRequest, PromotionResponse } from '@ragship/server';
import { useApi } from '../api/api-context.tsx';
import { streamPromotion } from '../api/stream-promotion.ts';
import { invalidateAfterAliasMove } from './console-queries.ts';

/** A dry run of a promotion: the gates and the segments to copy, changing nothing. */
export function usePromotionPlan() {
  const { client } = useApi();
  return useMutation({
    mutationFn: (request: PromotionRequest) =>
      client.post<PromotionResponse>('/v1/admin/promotions', { ...request, dryRun: true }),
  });
}

/**
 * A promotion, streamed: its latest progress event while it runs. Afterwards (also after a
 * refusal, which the audit log keeps) the status, history and versions are read again.
 */
export function usePromotion() {
  const { client } = useApi();
  const queryClient = useQueryClient();
  const [progress, setProgress] = useState<PromotionProgressEvent | null>(null);
  const mutation = useMutation({
    mutationFn: (request: PromotionRequest) => {
      setProgress(null);
      return streamPromotion(client, { ...request, dryRun: false }, setProgress);
    },
    onSettled: () => invalidateAfterAliasMove(queryClient),
  });
  return { ...mutation, progress };
}
