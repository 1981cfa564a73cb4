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

/** A baseline sample as PSI compares with it: its bin edges and each bin's smoothed share. */
export interface PsiReference {
  edges: number[];
  shares: number[];
}

/** The {@link PsiReference} of an ascending baseline sample, binned at its quantiles; computed once per baseline. */
export function psiReference(baseline: readonly number[], bins = DEFAULT_PSI_BINS): PsiReference {
  const edges = quantileEdges(baseline, bins);
  const counts = binCounts(baseline, edges);
  return { edges, shares: counts.map((count) => smoothedShare(count, baseline.length, counts.length)) };
}

/** PSI of `live` (any order) against a prepared baseline; 0 for an empty sample. */
export function psiAgainst(reference: PsiReference, live: readonly number[]): number {
  if (live.length === 0 || reference.shares.length === 0) return 0;
  const actual = binCounts(live, reference.edges);
  let psi = 0;
  reference.shares.forEach((base, bin) => {
    const now = smoothedShare(actual[bin] ?? 0, live.length, actual.length);
    psi += (now - base) * Math.log(now / base);
  });
  return psi;
}

/** PSI of `live` against an ascending `baseline` sample, binned at the baseline's quantiles. */
export function populationStability(
  baseline: readonly number[],
  live: readonly number[],
  bins = DEFAULT_PSI_BINS,
): number {
  if (baseline.length === 0) return 0;
  return psiAgainst(psiReference(baseline, bins), live);
}

function smoothedShare(count: number, total: number, bins: number): number {
  return (count + SMOOTHING) / (total + SMOOTHING * bins);
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
