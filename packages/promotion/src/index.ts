export {
  promoteVersion,
  type PromoteOptions,
  type PromotionProgress,
  type PromotionResult,
  type PromotionTarget,
} from './promote-version.js';
export { readyManifest } from './ready-manifest.js';
export type { BaselineStep, BaselineStepInput, BaselineSummary } from './baseline-step.js';
export { rollbackAlias, type RollbackResult } from './rollback-alias.js';
export { collectGarbage, type GcDecision, type GcOptions, type GcResult } from './collect-garbage.js';
export { evaluateBounds, evaluateGates, gateMargin, withMargin, type GateResult } from './evaluate-gates.js';
export { BUILD_METRICS, metricValue, type MetricValue } from './gate-metrics.js';
export { GateRefusedError } from './gate-refused-error.js';
export {
  materialiseVersion,
  planSegments,
  type MaterialiseProgress,
  type MaterialiseReport,
  type SegmentPlan,
  type SourceStore,
} from './materialise-version.js';
export { describeMove, type AliasMove } from './alias-move.js';
