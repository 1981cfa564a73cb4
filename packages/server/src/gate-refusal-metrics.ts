import type { Registry as VersionRegistry } from '@ragship/registry';
import { Counter, type Registry } from 'prom-client';
import { cachedRead } from './cached-read.js';

/** How long the audit entries read from the registry are reused between scrapes. */
const REFRESH_MS = 30_000;

/**
 * `ragship_gate_refusals_total{kb,environment}` at `/metrics`: promotions the target
 * environment's quality gates refused, counted from the `refuse` entries of the registry's audit
 * log, so it covers every refusal whichever machine ran the promotion, and survives restarts.
 * Every kb and environment with an alias shows from the start at 0, so an alert on `increase()`
 * sees the first refusal too. Re-read from the registry at most every 30 s; while the registry
 * cannot be read the metric is left out rather than reset to 0.
 */
export function registerGateRefusalMetrics(registry: Registry, versions: VersionRegistry): void {
  const read = cachedRead(async () => {
    const [refusals, aliases] = await Promise.all([versions.auditLog({ action: 'refuse' }), versions.listAliases()]);
    return { refusals, aliases };
  }, REFRESH_MS);
  new Counter({
    name: 'ragship_gate_refusals_total',
    help: 'Promotions refused by quality gates, by kb and target environment, from the registry audit log.',
    labelNames: ['kb', 'environment'],
    registers: [registry],
    async collect() {
      const found = await read().catch(() => undefined);
      this.reset();
      if (!found) return;
      for (const { kb, environment } of found.aliases) this.inc({ kb, environment }, 0);
      for (const { kb, environment } of found.refusals) this.inc({ kb, environment: environment ?? '' });
    },
  });
}
