import type { DriftMonitor } from '@ragship/monitoring';
import type { ServingOptions } from '@ragship/retrieval';
import type { ApiMetrics } from './api-metrics.js';

/**
 * What the API records of every retrieval and answer: the metrics at `/metrics` and the drift
 * monitor's observations. (Each answer's trace is recorded by the chat route, which knows who asked.)
 */
export function servingHooks(deps: {
  metrics: Pick<ApiMetrics, 'recordRetrieval' | 'recordAnswer' | 'recordScreen'>;
  monitor: Pick<DriftMonitor, 'observe'>;
}): Pick<ServingOptions, 'onRetrieval' | 'onAnswer' | 'onScreen'> {
  return {
    onRetrieval({ index, chunks }) {
      deps.metrics.recordRetrieval({ kb: index.kb, indexVersion: index.ref, topScore: chunks[0]?.score ?? null });
      deps.monitor.observe(index.kb, index.version, chunks);
    },
    onAnswer({ index, dontKnow }) {
      deps.metrics.recordAnswer({ kb: index.kb, indexVersion: index.ref, dontKnow });
    },
    onScreen({ target, check, action }) {
      deps.metrics.recordScreen({ target, check, action });
    },
  };
}
