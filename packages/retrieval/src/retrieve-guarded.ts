import { inSpan, inputAttributes, retrievalAttributes, SpanKind } from '@ragship/telemetry';
import { fetchCount, guardRetrieval, type GuardedRetrieval } from './guardrails.js';
import { retrieve } from './retriever.js';
import { screenCallQuestion } from './screened-call.js';
import type { ServedIndex } from './served-index.js';
import type { RetrieveOptions, Settled } from './serving-options.js';

/**
 * The stages of every retrieval of a served version, in a RETRIEVER span that records the chunks
 * as a caller sees them: the query screened as a question when `screenQuery` (a `/v1/retrieve`
 * call; an answer screens its question before), hybrid retrieval over-fetched for the
 * flagged-chunk policy, then the guardrails in one pass, then the `onRetrieval` hook.
 */
export function retrieveGuarded(
  index: ServedIndex,
  options: Settled<RetrieveOptions>,
  { screenQuery = false }: { screenQuery?: boolean } = {},
): Promise<GuardedRetrieval> {
  const { query, k, guardrails, tracing } = options;
  return inSpan(tracing, 'retrieve', SpanKind.RETRIEVER, inputAttributes(tracing, query), async (span) => {
    if (screenQuery) screenCallQuestion(index, options, span, query);
    const found = await retrieve(index, query, fetchCount(guardrails, k), options.retrieval, options.filter);
    const guarded = guardRetrieval(guardrails, found, k);
    span.setAttributes({
      ...retrievalAttributes(
        guarded.chunks.map((chunk) => ({
          id: chunk.id,
          content: chunk.text,
          score: chunk.score,
          metadata: { docId: chunk.metadata.docId, title: chunk.metadata.title, ...chunk.signals },
        })),
      ),
      'ragship.k': k,
      'ragship.below_floor': guarded.belowFloor,
    });
    options.onRetrieval?.({ index, query, chunks: guarded.chunks, belowFloor: guarded.belowFloor });
    return guarded;
  });
}
