import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { AnswerLedger, type AnswerContext } from './answer-ledger.js';

const answer = (version: number): AnswerContext => ({
  kb: 'docs',
  version,
  indexVersion: `v${version}`,
  spanId: null,
  caller: 'anonymous',
});
const HOUR = 3_600_000;

let registry: Registry | undefined;
afterEach(async () => {
  await registry?.close();
  registry = undefined;
});

/** A ledger over a registry whose clock, like the ledger's, is `clock.now`. */
function ledger(clock: { now: number }, options: { capacity?: number; windowMs?: number } = {}) {
  registry ??= createSqliteRegistry({ file: ':memory:', now: () => new Date(clock.now) });
  return new AnswerLedger({
    records: registry.monitoring,
    environment: 'prod',
    logger: pino({ level: 'silent' }),
    now: () => clock.now,
    ...options,
  });
}

describe('AnswerLedger', () => {
  it('when more answers than its memory holds are given, then the oldest is read back from the registry', async () => {
    const clock = { now: Date.parse('2026-12-01T00:00:00Z') };
    const answers = ledger(clock, { capacity: 2 });
    for (const version of [1, 2, 3]) answers.remember(`trace-${version}`, answer(version));
    await expect.poll(() => registry!.monitoring.findAnswer('trace-1', 'prod', '1970-01-01T00:00:00Z')).toBeDefined();
    expect(await answers.lookup('trace-1')).toEqual(answer(1));
    expect(await ledger(clock).lookup('trace-3')).toEqual(answer(3));
    expect(await answers.lookup('trace-4')).toBeUndefined();
  });

  it('when an answer is older than the window, then it is not found, and it is pruned as answers go on', async () => {
    const clock = { now: Date.parse('2026-12-01T00:00:00Z') };
    const answers = ledger(clock, { windowMs: 24 * HOUR });
    answers.remember('old', answer(1));
    await expect.poll(() => registry!.monitoring.findAnswer('old', 'prod', '1970-01-01T00:00:00Z')).toBeDefined();
    clock.now += 25 * HOUR;
    expect(await ledger(clock, { windowMs: 24 * HOUR }).lookup('old')).toBeUndefined();
    answers.remember('new', answer(2));
    await expect.poll(() => registry!.monitoring.findAnswer('old', 'prod', '1970-01-01T00:00:00Z')).toBeUndefined();
    expect(await registry!.monitoring.findAnswer('new', 'prod', '1970-01-01T00:00:00Z')).toBeDefined();
  });
});
