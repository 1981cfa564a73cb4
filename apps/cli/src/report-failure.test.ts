import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { ConfigError, InvalidInputError, NotFoundError, RagshipError } from '@ragship/core';
import { GateRefusedError, type GateResult } from '@ragship/promotion';
import { reportFailure } from './report-failure.js';

describe('reportFailure', () => {
  it.each([
    ['a bad argument', new InvalidInputError('bad --k'), 2, 'INVALID_INPUT'],
    ['a bad config', new ConfigError('bad key'), 2, 'INVALID_CONFIG'],
    ['an unknown kb', new NotFoundError('kb', 'x', 'no kb x'), 1, 'KB_NOT_FOUND'],
    ['a store failure', new RagshipError('STORE_ERROR', 'chroma down'), 1, 'STORE_ERROR'],
    ['a bug', new TypeError('x is undefined'), 1, 'INTERNAL'],
  ])('%s exits %i with code %s', (_name, error, exitCode, code) => {
    const report = reportFailure(error, { json: true });
    expect(report.exitCode).toBe(exitCode);
    expect(report.stderr).toBe(`ragship: ${error.message}\n`);
    expect(JSON.parse(report.stdout ?? '')).toEqual({ error: { code, message: error.message } });
  });

  it('exits 3 for a refused gate and lists the gates in --json', () => {
    const gate: GateResult = {
      metric: 'ndcg@10',
      rule: 'min',
      threshold: 0.8,
      value: 0.5,
      baseline: null,
      passed: false,
      margin: -0.3,
      message: 'ndcg@10 0.5 < 0.8',
    };
    const error = new GateRefusedError('docs@v2 → prod', [gate]);
    const report = reportFailure(error, { json: true });
    expect(report.exitCode).toBe(3);
    expect(JSON.parse(report.stdout ?? '')).toMatchObject({ error: { code: 'GATE_REFUSED', gates: [gate] } });
  });

  it('prints no JSON without --json', () => {
    expect(reportFailure(new InvalidInputError('bad'), { json: false }).stdout).toBeUndefined();
  });

  it("leaves commander's usage errors (already printed) with exit 2, and --help with 0", () => {
    expect(reportFailure(new CommanderError(1, 'commander.unknownOption', 'x'), { json: true })).toEqual({
      exitCode: 2,
      stderr: '',
    });
    expect(reportFailure(new CommanderError(0, 'commander.helpDisplayed', ''), { json: false }).exitCode).toBe(0);
  });
});
