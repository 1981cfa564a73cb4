import { describe, expect, it } from 'vitest';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import type { Manifest } from '@ragship/core';
import { baselineOf } from './drift-baseline.js';
import { createDriftMonitor, type DriftReport, type DriftSettings } from './drift-monitor.js';
import type { ScoredRetrieval, SignalValues } from './drift-signals.js';

const settings: DriftSettings = { threshold: 0.25, window: 200, minSamples: 100, trafficBaseline: 0 };

function uniform(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
}

/** A retrieval whose three signals are `level` plus noise: in-distribution traffic is level 0.6, shifted 0.3. */
function retrieval(draw: () => number, level: number): ScoredRetrieval[] {
  const value = () => Math.min(1, Math.max(0, level + (draw() - 0.5) * 0.3));
  return [{ score: value(), signals: { similarity: value(), coverage: value() } }];
}

async function readyRegistry(): Promise<Registry> {
  const registry = createSqliteRegistry({ file: ':memory:' });
  for (let index = 0; index < 2; index++) {
    const { version } = await registry.createVersion('docs', null);
    await registry.finishVersion('docs', version, 'ready', { kb: 'docs' } as unknown as Manifest);
  }
  return registry;
}

function baselineAt(level: number, seed: number) {
  const draw = uniform(seed);
  const observations: SignalValues[] = Array.from({ length: 600 }, () => {
    const [chunk] = retrieval(draw, level);
    return { top_score: chunk!.score, top_similarity: chunk!.signals.similarity!, coverage: chunk!.signals.coverage };
  });
  return baselineOf(
    { source: 'queries', description: '600 queries of golden.jsonl', querySet: 'f'.repeat(64) },
    observations,
  );
}

describe('drift monitor', () => {
  it('when traffic matches the baseline, then the status is ok; when it shifts, then it drifts once and recovers', async () => {
    const registry = await readyRegistry();
    await registry.monitoring.putBaseline({ kb: 'docs', version: 1, environment: 'prod', data: baselineAt(0.6, 3) });
    const drifts: DriftReport[] = [];
    const recoveries: DriftReport[] = [];
    const monitor = createDriftMonitor({
      records: registry.monitoring,
      environment: 'prod',
      settings,
      onDrift: (report) => drifts.push(report),
      onRecover: (report) => recoveries.push(report),
    });
    const draw = uniform(5);
    monitor.observe('docs', 1, retrieval(draw, 0.6));
    let [report] = await monitor.reports();
    expect(report).toMatchObject({
      kb: 'docs',
      indexVersion: 'v1',
      environment: 'prod',
      status: 'collecting',
      score: null,
    });
    expect(report!.baseline).toMatchObject({
      source: 'queries',
      samples: 600,
      description: '600 queries of golden.jsonl',
    });

    for (let index = 0; index < 250; index++) monitor.observe('docs', 1, retrieval(draw, 0.6));
    [report] = await monitor.reports();
    expect(report!.status).toBe('ok');
    expect(report!.score).toBeLessThan(0.25);
    expect(report!.window).toEqual({ size: 200, observations: 200 });
    expect(report!.observed).toBe(251);
    expect(drifts).toEqual([]);

    for (let index = 0; index < 200; index++) monitor.observe('docs', 1, retrieval(draw, 0.3));
    [report] = await monitor.reports();
    expect(report!.status).toBe('drift');
    expect(report!.score).toBeGreaterThan(1);
    expect(report!.signals.coverage.liveMedian).toBeLessThan(report!.signals.coverage.baselineMedian!);
    expect(report!.signals.top_similarity.ks).toBeGreaterThan(0.5);
    expect(drifts).toHaveLength(1);
    expect(drifts[0]!.worstSignal).not.toBeNull();

    for (let index = 0; index < 200; index++) monitor.observe('docs', 1, retrieval(draw, 0.6));
    expect((await monitor.reports())[0]!.status).toBe('ok');
    expect(recoveries).toHaveLength(1);
    expect(drifts).toHaveLength(1);
    await registry.close();
  });

  it('when no baseline was recorded, then the first traffic becomes it, stored for the other replicas', async () => {
    const registry = await readyRegistry();
    const monitor = createDriftMonitor({
      records: registry.monitoring,
      environment: 'dev',
      settings: { ...settings, trafficBaseline: 500 },
    });
    const draw = uniform(9);
    for (let index = 0; index < 499; index++) monitor.observe('docs', 2, retrieval(draw, 0.6));
    expect((await monitor.reports())[0]).toMatchObject({ status: 'baselining', baseline: null });
    for (let index = 0; index < 201; index++) monitor.observe('docs', 2, retrieval(draw, 0.6));
    const [report] = await monitor.reports();
    expect(report).toMatchObject({ status: 'ok', window: { observations: 200 } });
    expect(report!.baseline).toMatchObject({ source: 'traffic', samples: 500, description: 'first 500 retrievals' });
    await expect
      .poll(() => registry.monitoring.getBaseline('docs', 2, 'dev'))
      .toMatchObject({
        data: { source: 'traffic', samples: 500 },
      });
    await registry.close();
  });

  it('when serving moves to another version, then only the new one is monitored, against its own baseline', async () => {
    const registry = await readyRegistry();
    const monitor = createDriftMonitor({ records: registry.monitoring, environment: 'prod', settings });
    const draw = uniform(13);
    monitor.observe('docs', 1, retrieval(draw, 0.6));
    monitor.observe('docs', 2, retrieval(draw, 0.6));
    const reports = await monitor.reports();
    expect(reports.map((report) => [report.indexVersion, report.status])).toEqual([['v2', 'no_baseline']]);
    await registry.close();
  });

  it('when the stored baseline cannot be read, then the error is reported and serving carries on', async () => {
    const registry = await readyRegistry();
    await registry.monitoring.putBaseline({ kb: 'docs', version: 1, environment: 'prod', data: { not: 'a baseline' } });
    const errors: string[] = [];
    const monitor = createDriftMonitor({
      records: registry.monitoring,
      environment: 'prod',
      settings,
      onError: (error, where) => errors.push(`${where}: ${String(error)}`),
    });
    monitor.observe('docs', 1, []);
    expect((await monitor.reports())[0]!.status).toBe('no_baseline');
    expect(errors).toEqual([expect.stringMatching(/reading the baseline of docs@v1: .*BASELINE_INVALID|not readable/)]);
    await registry.close();
  });
});
