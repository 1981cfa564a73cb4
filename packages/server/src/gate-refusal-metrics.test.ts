import { describe, expect, it } from 'vitest';
import { Registry as MetricsRegistry } from 'prom-client';
import type { Manifest } from '@ragship/core';
import { createSqliteRegistry } from '@ragship/registry';
import { registerGateRefusalMetrics } from './gate-refusal-metrics.js';

describe('gate refusal metrics', () => {
  it('when promotions were refused, then /metrics counts them per kb and environment, from 0 for every alias', async () => {
    const registry = createSqliteRegistry({ file: ':memory:' });
    for (const kb of ['docs', 'faq']) {
      const { version } = await registry.createVersion(kb, null);
      await registry.finishVersion(kb, version, 'ready', { kb } as unknown as Manifest);
      await registry.moveAlias({
        environment: 'prod',
        kb,
        expected: null,
        to: version,
        actor: 'ci',
        action: 'promote',
      });
    }
    const refuse = (kb: string, environment: string) =>
      registry.recordRefusal({ environment, kb, from: 1, to: 2, actor: 'ci', details: { gates: [] } });
    await refuse('docs', 'prod');
    await refuse('docs', 'prod');
    await refuse('docs', 'staging');

    const metrics = new MetricsRegistry();
    registerGateRefusalMetrics(metrics, registry);
    const text = await metrics.metrics();
    expect(text).toMatch(/# TYPE ragship_gate_refusals_total counter/);
    expect(text).toContain('ragship_gate_refusals_total{kb="docs",environment="prod"} 2');
    expect(text).toContain('ragship_gate_refusals_total{kb="docs",environment="staging"} 1');
    expect(text).toContain('ragship_gate_refusals_total{kb="faq",environment="prod"} 0');
    await registry.close();
  });

  it('when the registry cannot be read, then the scrape still answers, without refusal counts', async () => {
    const registry = createSqliteRegistry({ file: ':memory:' });
    await registry.close();
    const metrics = new MetricsRegistry();
    registerGateRefusalMetrics(metrics, registry);
    expect(await metrics.metrics()).not.toMatch(/ragship_gate_refusals_total\{/);
  });
});
