import type { GateConfig, Manifest } from '@ragship/core';
import { metricValue } from './gate-metrics.js';

/** The outcome of one gate rule on one metric. */
export interface GateResult {
  metric: string;
  rule: 'min' | 'max' | 'maxDrop' | 'maxRise';
  threshold: number;
  /** The candidate's value; null when it was not measured. */
  value: number | null;
  /** The served version's value, for `maxDrop`/`maxRise`; null when nothing comparable is served. */
  baseline: number | null;
  passed: boolean;
  /**
   * How far inside (positive) or outside (negative) its threshold the value is, in the metric's
   * units: `value - min`, `max - value`, `maxDrop - drop`, `maxRise - rise`. Null when the value
   * (or, for a change rule, the baseline) is missing.
   */
  margin: number | null;
  /** One sentence: what was compared and, when refused, by how much. */
  message: string;
}

type UnmarginedResult = Omit<GateResult, 'margin'>;

/** A result with its margin. */
export function withMargin(result: UnmarginedResult): GateResult {
  return { ...result, margin: gateMargin(result) };
}

/** The margin of a gate result (see {@link GateResult.margin}); also for results recorded before margins were. */
export function gateMargin(result: UnmarginedResult): number | null {
  const { value, baseline, threshold } = result;
  if (value === null) return null;
  if (result.rule === 'min') return round(value - threshold);
  if (result.rule === 'max') return round(threshold - value);
  if (baseline === null) return null;
  return round(threshold - (result.rule === 'maxDrop' ? baseline - value : value - baseline));
}

/** Gate arithmetic in metric units, without floating-point noise (0.1 - 0.3 is -0.2, not -0.19999999999999998). */
function round(value: number): number {
  return Number(value.toFixed(6));
}

/**
 * Applies an environment's gates to a candidate version. `served` is the manifest of the version
 * the environment serves now (null: nothing yet), the baseline of `maxDrop`/`maxRise`; a change
 * with no baseline passes and says so. A metric the candidate lacks fails its gate: an unmeasured
 * version is not a good one.
 */
export function evaluateGates(
  gates: Readonly<Record<string, GateConfig>>,
  candidate: Manifest,
  served: Manifest | null,
): GateResult[] {
  const results: UnmarginedResult[] = [];
  for (const [metric, gate] of Object.entries(gates)) {
    const measured = metricValue(candidate, metric);
    for (const rule of ['min', 'max', 'maxDrop', 'maxRise'] as const) {
      const threshold = gate[rule];
      if (threshold === undefined) continue;
      if (!measured) {
        results.push({
          metric,
          rule,
          threshold,
          value: null,
          baseline: null,
          passed: false,
          message: `${metric} is not measured for ${ref(candidate)}; ${howToMeasure(candidate)}`,
        });
        continue;
      }
      const { value } = measured;
      if (rule === 'min' || rule === 'max') {
        results.push(boundResult(metric, rule, threshold, value));
        continue;
      }
      results.push(
        changeResult(metric, rule, threshold, value, served && metricValue(served, metric, measured.evalSet), served),
      );
    }
  }
  return results.map(withMargin);
}

/**
 * Applies the `min`/`max` rules of `gates` to metrics measured outside a manifest (e.g. by
 * `ragship eval --api` against a running API). Gates on metrics not in `metrics`, and change
 * rules, which need the served version's manifest, are left out.
 */
export function evaluateBounds(
  gates: Readonly<Record<string, GateConfig>>,
  metrics: Readonly<Record<string, number>>,
): GateResult[] {
  return Object.entries(gates).flatMap(([metric, gate]) => {
    const value = metrics[metric];
    if (value === undefined) return [];
    return (['min', 'max'] as const).flatMap((rule) => {
      const threshold = gate[rule];
      return threshold === undefined ? [] : [withMargin(boundResult(metric, rule, threshold, value))];
    });
  });
}

function boundResult(metric: string, rule: 'min' | 'max', threshold: number, value: number): UnmarginedResult {
  const passed = rule === 'min' ? value >= threshold : value <= threshold;
  const relation = rule === 'min' ? (passed ? '≥' : '<') : passed ? '≤' : '>';
  const shortBy = passed ? '' : ` (${rule === 'min' ? 'short' : 'over'} by ${format(Math.abs(value - threshold))})`;
  return {
    metric,
    rule,
    threshold,
    value,
    baseline: null,
    passed,
    message: `${metric} ${format(value)} ${relation} ${rule} ${format(threshold)}${shortBy}`,
  };
}

function changeResult(
  metric: string,
  rule: 'maxDrop' | 'maxRise',
  threshold: number,
  value: number,
  baseline: { value: number } | null | undefined,
  served: Manifest | null,
): UnmarginedResult {
  if (!served) {
    return {
      metric,
      rule,
      threshold,
      value,
      baseline: null,
      passed: true,
      message: `${metric}: nothing served yet, no baseline`,
    };
  }
  if (!baseline) {
    return {
      metric,
      rule,
      threshold,
      value,
      baseline: null,
      passed: false,
      message: `${metric} of the served ${ref(served)} is not measured on the same eval set; ${howToMeasure(served)}`,
    };
  }
  const change = rule === 'maxDrop' ? baseline.value - value : value - baseline.value;
  const passed = change <= threshold + 1e-12;
  const direction = rule === 'maxDrop' ? 'below' : 'above';
  const message = passed
    ? `${metric} ${format(value)} vs ${format(baseline.value)} served by ${ref(served)}: ` +
      `within ${rule} ${format(threshold)}`
    : `${metric} ${format(value)} is ${format(change)} ${direction} ${format(baseline.value)} ` +
      `served by ${ref(served)}, past ${rule} ${format(threshold)} (by ${format(change - threshold)})`;
  return { metric, rule, threshold, value, baseline: baseline.value, passed, message };
}

function ref(manifest: Manifest): string {
  return `${manifest.kb}@${manifest.version}`;
}

/** What to run to measure the version's metrics. */
function howToMeasure(manifest: Manifest): string {
  return `run: ragship eval ${ref(manifest)} --dataset <dir>`;
}

function format(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4)));
}
