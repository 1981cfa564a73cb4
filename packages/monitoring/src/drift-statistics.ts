/**
 * The two-sample statistics drift is judged by. PSI (population stability index) bins both
 * samples at the baseline's quantiles and sums `(live − base) · ln(live / base)` over the bins'
 * shares: 0 for identical distributions, ≈ (bins − 1) / n from sampling noise alone, and by
 * convention above 0.25 a shift worth acting on. KS is the largest gap between the two empirical
 * CDFs (0–1), which needs no binning.
 */

/** Bins PSI cuts the baseline into when not told otherwise. */
export const DEFAULT_PSI_BINS = 10;

/** Added to every bin's count so an empty bin does not make PSI infinite. */
const SMOOTHING = 0.5;

/** The `bins − 1` interior cut points at the quantiles of an ascending sample, ties merged. */
export function quantileEdges(sorted: readonly number[], bins: number): number[] {
  const edges: number[] = [];
  for (let cut = 1; cut < bins; cut++) {
    const edge = sorted[Math.floor((cut * sorted.length) / bins)];
    if (edge !== undefined && edge !== edges.at(-1) && edge > (sorted[0] ?? edge)) edges.push(edge);
  }
  return edges;
}

/** How many values fall in each bin: below the first edge, between consecutive edges, from the last one up. */
export function binCounts(values: Iterable<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) {
    let bin = 0;
    while (bin < edges.length && value >= (edges[bin] ?? Infinity)) bin++;
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return counts;
}

/** PSI of `live` against an ascending `baseline` sample, binned at the baseline's quantiles. */
export function populationStability(
  baseline: readonly number[],
  live: readonly number[],
  bins = DEFAULT_PSI_BINS,
): number {
  if (baseline.length === 0 || live.length === 0) return 0;
  const edges = quantileEdges(baseline, bins);
  const expected = binCounts(baseline, edges);
  const actual = binCounts(live, edges);
  const smoothing = SMOOTHING * expected.length;
  let psi = 0;
  for (let bin = 0; bin < expected.length; bin++) {
    const base = ((expected[bin] ?? 0) + SMOOTHING) / (baseline.length + smoothing);
    const now = ((actual[bin] ?? 0) + SMOOTHING) / (live.length + smoothing);
    psi += (now - base) * Math.log(now / base);
  }
  return psi;
}

/** The two-sample Kolmogorov–Smirnov statistic of two ascending samples. */
export function kolmogorovSmirnov(a: readonly number[], b: readonly number[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let gap = 0;
  while (i < a.length && j < b.length) {
    const value = Math.min(a[i] ?? Infinity, b[j] ?? Infinity);
    while (i < a.length && (a[i] ?? Infinity) <= value) i++;
    while (j < b.length && (b[j] ?? Infinity) <= value) j++;
    gap = Math.max(gap, Math.abs(i / a.length - j / b.length));
  }
  return gap;
}

/** The median of an ascending sample; null when it is empty. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = sorted.length / 2;
  return Number.isInteger(middle)
    ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
    : (sorted[Math.floor(middle)] ?? null);
}

/** A copy of `values`, ascending. */
export function ascending(values: Iterable<number>): number[] {
  return [...values].sort((a, b) => a - b);
}
