import { describe, expect, it } from 'vitest';
import {
  ascending,
  binCounts,
  kolmogorovSmirnov,
  median,
  populationStability,
  quantileEdges,
} from './drift-statistics.js';

/** A deterministic uniform(0, 1) stream (Park–Miller), so the tests never flake. */
function uniform(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
}
const sample = (size: number, draw: () => number) => ascending(Array.from({ length: size }, draw));

describe('drift statistics', () => {
  it('when the baseline has ties, then its quantile edges are distinct and above its minimum', () => {
    expect(quantileEdges([0, 0, 0, 0, 1, 1, 2, 3, 4, 5], 5)).toEqual([1, 2, 4]);
    expect(quantileEdges([0.5, 0.5, 0.5], 10)).toEqual([]);
    expect(binCounts([0, 1, 1.5, 2, 9], [1, 2])).toEqual([1, 2, 2]);
  });

  it('when both samples come from one distribution, then PSI stays under 0.1 and KS is small', () => {
    const draw = uniform(7);
    const baseline = sample(1000, draw);
    const live = sample(200, draw);
    expect(populationStability(baseline, live)).toBeLessThan(0.1);
    expect(kolmogorovSmirnov(baseline, live)).toBeLessThan(0.1);
    expect(populationStability(baseline, baseline)).toBeCloseTo(0, 10);
    expect(kolmogorovSmirnov(baseline, baseline)).toBe(0);
  });

  it('when the live sample is shifted, then PSI passes 0.25 and KS measures the gap', () => {
    const draw = uniform(11);
    const baseline = sample(1000, draw);
    const shifted = sample(200, () => draw() * 0.6);
    expect(populationStability(baseline, shifted)).toBeGreaterThan(0.25);
    expect(kolmogorovSmirnov(baseline, shifted)).toBeGreaterThan(0.3);
    // Disjoint samples: the CDFs are 1 apart.
    expect(kolmogorovSmirnov([0, 0.1], [0.5, 0.9])).toBe(1);
  });

  it('when a sample is empty, then the statistics are 0 and the median null', () => {
    expect(populationStability([], [1])).toBe(0);
    expect(kolmogorovSmirnov([1], [])).toBe(0);
    expect(median([])).toBeNull();
    expect(median([1, 2, 4])).toBe(2);
    expect(median([1, 2, 4, 10])).toBe(3);
  });
});
