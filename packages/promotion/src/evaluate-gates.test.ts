import { describe, expect, it } from 'vitest';
import type { Manifest } from '@ragship/core';
import { evaluateBounds, evaluateGates, gateMargin } from './evaluate-gates.js';

function manifest(version: string, overrides: Partial<Manifest> = {}): Manifest {
  return {
    kb: 'docs',
    version,
    counts: { documents: 95, chunks: 300, rejected: 5 },
    validation: { settings: {}, rejected: [], flagged: [] },
    eval: null,
    ...overrides,
  } as Manifest;
}

const measured = (ndcg: number, fingerprint = 'set-a') => ({
  eval: {
    [fingerprint]: {
      dataset: 'golden',
      kind: 'beir',
      metrics: { 'ndcg@10': ndcg },
      measuredAt: '2026-12-01T00:00:00.000Z',
    },
  },
});

describe('evaluateGates', () => {
  it('when build metrics are within bounds, then every gate passes and says what it compared', () => {
    const results = evaluateGates({ rejectedRate: { max: 0.05 }, documents: { min: 90 } }, manifest('v2'), null);
    expect(results.map((result) => [result.metric, result.passed, result.message])).toEqual([
      ['rejectedRate', true, 'rejectedRate 0.05 ≤ max 0.05'],
      ['documents', true, 'documents 95 ≥ min 90'],
    ]);
  });

  it('when a bound is missed, then the result says by how much', () => {
    const [result] = evaluateGates({ 'ndcg@10': { min: 0.6 } }, manifest('v2', measured(0.55)), null);
    expect(result).toMatchObject({
      passed: false,
      value: 0.55,
      threshold: 0.6,
      message: 'ndcg@10 0.55 < min 0.6 (short by 0.05)',
    });
  });

  it('when the metric was never measured, then the gate refuses and says how to measure it', () => {
    const [result] = evaluateGates({ 'ndcg@10': { min: 0.6 } }, manifest('v2'), null);
    expect(result).toMatchObject({
      passed: false,
      value: null,
      message: expect.stringContaining('ragship eval docs@v2 --dataset'),
    });
  });

  it('when the candidate drops more than maxDrop below the served version on the same set, then it is refused', () => {
    const gates = { 'ndcg@10': { maxDrop: 0.01 } };
    const served = manifest('v1', measured(0.7));
    expect(evaluateGates(gates, manifest('v2', measured(0.695)), served)[0]).toMatchObject({
      passed: true,
      baseline: 0.7,
    });
    expect(evaluateGates(gates, manifest('v2', measured(0.68)), served)[0]).toMatchObject({
      passed: false,
      message: 'ndcg@10 0.68 is 0.02 below 0.7 served by docs@v1, past maxDrop 0.01 (by 0.01)',
    });
  });

  it('when gates are judged, then each carries its margin: positive inside the threshold, negative past it, null unmeasured', () => {
    const served = manifest('v1', measured(0.7));
    const gates = { 'ndcg@10': { min: 0.6, max: 0.9, maxDrop: 0.01, maxRise: 0.5 }, 'recall@10': { min: 0.5 } };
    const margins = evaluateGates(gates, manifest('v2', measured(0.68)), served).map((result) => [
      `${result.metric} ${result.rule}`,
      result.margin,
    ]);
    expect(margins).toEqual([
      ['ndcg@10 min', 0.08],
      ['ndcg@10 max', 0.22],
      ['ndcg@10 maxDrop', -0.01],
      ['ndcg@10 maxRise', 0.52],
      ['recall@10 min', null],
    ]);
    expect(
      gateMargin({
        metric: 'm',
        rule: 'maxDrop',
        threshold: 0.1,
        value: 0.5,
        baseline: null,
        passed: true,
        message: '',
      }),
    ).toBeNull();
  });

  it('when the served version was measured on another eval set, then a change gate refuses rather than compare', () => {
    const [result] = evaluateGates(
      { 'ndcg@10': { maxDrop: 0.01 } },
      manifest('v2', measured(0.7)),
      manifest('v1', measured(0.9, 'set-b')),
    );
    expect(result).toMatchObject({
      passed: false,
      message: expect.stringContaining('not measured on the same eval set'),
    });
  });

  it('when nothing is served yet, then a change gate passes for want of a baseline', () => {
    expect(evaluateGates({ chunks: { maxDrop: 10 } }, manifest('v1'), null)[0]).toMatchObject({
      passed: true,
      baseline: null,
    });
  });
});

describe('evaluateBounds', () => {
  it('when metrics measured against a running API miss a bound, then that gate refuses; change rules and unmeasured metrics are left out', () => {
    const results = evaluateBounds(
      { 'ndcg@10': { min: 0.6, maxDrop: 0.01 }, 'recall@100': { min: 0.9 }, rejected: { max: 0 } },
      { 'ndcg@10': 0.55, 'recall@10': 0.8 },
    );
    expect(results).toEqual([
      {
        metric: 'ndcg@10',
        rule: 'min',
        threshold: 0.6,
        value: 0.55,
        baseline: null,
        passed: false,
        margin: -0.05,
        message: 'ndcg@10 0.55 < min 0.6 (short by 0.05)',
      },
    ]);
    expect(evaluateBounds({ 'ndcg@10': { min: 0.6 } }, { 'ndcg@10': 0.7 })[0]?.passed).toBe(true);
  });
});
