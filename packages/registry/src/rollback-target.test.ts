import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './registry.js';
import { rollbackTarget } from './rollback-target.js';

function entries(...moves: [AuditEntry['action'], number][]): AuditEntry[] {
  return moves
    .map(([action, to], index) => ({
      id: index,
      at: '',
      actor: 'a',
      action,
      kb: 'docs',
      environment: 'prod',
      from: null,
      to,
      details: {},
    }))
    .reverse();
}

describe('rollbackTarget', () => {
  it('when promoted v1 then v2, then the target is v1', () => {
    expect(rollbackTarget(entries(['promote', 1], ['promote', 2]))).toBe(1);
  });
  it('when already rolled back once from v3, then the next rollback goes to v1, not v3', () => {
    expect(rollbackTarget(entries(['promote', 1], ['promote', 2], ['promote', 3], ['rollback', 2]))).toBe(1);
  });
  it('when a promotion was refused between two promotions, then the refusal does not change the target', () => {
    const plain = entries(['promote', 1], ['promote', 2], ['promote', 3]);
    expect(rollbackTarget(entries(['promote', 1], ['promote', 2], ['refuse', 4], ['promote', 3]))).toBe(
      rollbackTarget(plain),
    );
    expect(rollbackTarget(entries(['promote', 1], ['promote', 2], ['refuse', 4]))).toBe(1);
    expect(rollbackTarget(entries(['promote', 1], ['refuse', 2]))).toBeNull();
  });
  it('when only one version was ever promoted, then there is nothing to go back to', () => {
    expect(rollbackTarget(entries(['promote', 1]))).toBeNull();
    expect(rollbackTarget([])).toBeNull();
  });
});
