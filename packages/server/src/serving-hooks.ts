import type { DriftMonitor } from '@ragship/monitoring';
import type { ServingOptions } from '@ragship/retrieval';
import type { ApiMetrics } from './api-metrics.js';
import type { RecentAnswers } from './recent-answers.js';

/**
 * What the API records of every retrieval and answer: the metrics at `/metrics`, the drift
 * monitor's observations, and each answer's trace, for feedback that names only the trace.
 */
export function servingHooks(deps: {
  metrics: Pick<ApiMetrics, 'recordRetrieval' | 'recordAnswer'>;
  monitor: Pick<DriftMonitor, 'observe'>;
  answers: RecentAnswers;
}): Pick<ServingOptions, 'onRetrieval' | 'onAnswerStart' | 'onAnswer'> {
  return {
    onRetrieval({ index, chunks }) {
      deps.metrics.recordRetrieval({ kb: index.kb, indexVersion: index.ref, topScore: chunks[0]?.score ?? null });
      deps.monitor.observe(index.kb, index.version, chunks);
    },
    onAnswerStart({ index, traceId, spanId }) {
      deps.answers.remember(traceId, {
        kb: index.kb,
        version: index.version,
        indexVersion: index.manifest.version,
        spanId,
      });
    },
    onAnswer({ index, dontKnow }) {
      deps.metrics.recordAnswer({ kb: index.kb, indexVersion: index.ref, dontKnow });
    },
  };
}
