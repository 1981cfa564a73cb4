export {
  DRIFT_SIGNALS,
  driftSignals,
  type DriftSignal,
  type ScoredRetrieval,
  type SignalValues,
} from './drift-signals.js';
export {
  baselineOf,
  parseBaseline,
  MAX_BASELINE_SAMPLES,
  type BaselineSource,
  type DriftBaseline,
} from './drift-baseline.js';
export {
  createDriftMonitor,
  DEFAULT_DRIFT,
  RECOVERY,
  type DriftMonitor,
  type DriftMonitorOptions,
  type DriftReport,
  type DriftSettings,
  type DriftStatus,
  type SignalReport,
} from './drift-monitor.js';
export {
  ascending,
  binCounts,
  DEFAULT_PSI_BINS,
  kolmogorovSmirnov,
  median,
  populationStability,
  quantileEdges,
} from './drift-statistics.js';
export { measureBaseline, type MeasureBaselineOptions } from './measure-baseline.js';
export { readQuerySet, type QuerySet } from './query-set.js';
export { recordBaseline, type BaselineRequest } from './record-baseline.js';
