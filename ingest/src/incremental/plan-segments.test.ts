import { describe, expect, it } from 'vitest';
import type { ManifestDocument } from '@ragship/core';
import { compactionReason, planSegments } from './plan-segments.js';

const doc = (segment: string, chunkIds: string[]): ManifestDocument => ({
  contentHash: 'h',
  source: 's',
  title: 't',
  modifiedAt: '',
  chunks: chunkIds.length,
  chunkIds,
  segment,
  digest: '0',
});

describe('planSegments', () => {
  it('when documents changed, then their old chunks are tombstoned where they live and the delta is appended', () => {
    const segments = planSegments({
      parentSegments: [
        { name: 'base', chunks: 100, tombstones: ['a'] },
        { name: 'delta1', chunks: 5, tombstones: [] },
      ],
      superseded: [doc('base', ['b', 'c']), doc('delta1', ['x'])],
      delta: { name: 'delta2', chunks: 3 },
    });
    expect(segments).toEqual([
      { name: 'base', chunks: 100, tombstones: ['a', 'b', 'c'] },
      { name: 'delta1', chunks: 5, tombstones: ['x'] },
      { name: 'delta2', chunks: 3, tombstones: [] },
    ]);
  });
});

describe('compactionReason', () => {
  const policy = { maxDeltas: 2, maxChangedRatio: 0.1 };
  it('when the chain is short and small, then no compaction', () => {
    expect(
      compactionReason(
        [
          { name: 'b', chunks: 1000, tombstones: ['1', '2'] },
          { name: 'd', chunks: 20, tombstones: [] },
        ],
        policy,
      ),
    ).toBeNull();
  });
  it('when there are too many deltas or too much change, then it says why', () => {
    const small = { name: 'd', chunks: 1, tombstones: [] };
    expect(compactionReason([{ name: 'b', chunks: 1000, tombstones: [] }, small, small, small], policy)).toMatch(
      /3 delta segments/,
    );
    expect(
      compactionReason([{ name: 'b', chunks: 100, tombstones: Array.from({ length: 15 }, String) }, small], policy),
    ).toMatch(/16% of stored/);
  });
});
