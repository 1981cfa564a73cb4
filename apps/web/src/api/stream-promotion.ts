import type { ErrorResponse, PromotionProgressEvent, PromotionRequest, PromotionResponse } from '@ragship/server';
import type { ApiClient } from './api-client.ts';
import { ApiError, apiErrorFromBody } from './api-error.ts';
import { readServerSentEvents } from './read-server-sent-events.ts';

/**
 * Promotes with `POST /v1/admin/promotions` as an event stream: calls `onProgress` for each
 * `progress` event and answers the `result`. Fails with {@link ApiError}: the error response
 * (a refused gate is 422 `GATE_REFUSED` with its gates), or the stream's `error` event.
 */
export async function streamPromotion(
  client: ApiClient,
  request: PromotionRequest,
  onProgress: (progress: PromotionProgressEvent) => void,
  signal?: AbortSignal,
): Promise<PromotionResponse> {
  const response = await client.send('/v1/admin/promotions', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream' },
    body: JSON.stringify(request),
    signal: signal ?? null,
  });
  if (!response.body || !response.headers.get('Content-Type')?.startsWith('text/event-stream')) {
    return (await response.json()) as PromotionResponse;
  }
  for await (const event of readServerSentEvents(response.body, signal)) {
    const data = JSON.parse(event.data) as unknown;
    if (event.event === 'progress') onProgress(data as PromotionProgressEvent);
    else if (event.event === 'result') return data as PromotionResponse;
    else if (event.event === 'error') throw apiErrorFromBody(data as ErrorResponse['error'], null);
  }
  throw new ApiError({
    status: null,
    code: 'INVALID_RESPONSE',
    message: 'The promotion stream ended without a result.',
  });
}
