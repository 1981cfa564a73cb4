import path from 'node:path';
import type { GateConfig } from './config-schema.js';
import type { LoadedConfig } from './load-config.js';

type KbSettingsSource = Pick<LoadedConfig, 'environments' | 'kbs' | 'baseDir' | 'monitoring'>;

/**
 * The gates a version of `kb` must pass to be promoted to `environment`: the environment's own,
 * with the kb's (`kbs.<kb>.gates.<environment>`) added; a metric named in both takes the kb's rule.
 */
export function gatesFor(config: KbSettingsSource, kb: string, environment: string): Record<string, GateConfig> {
  return { ...config.environments[environment]?.gates, ...config.kbs[kb]?.gates[environment] };
}

/** Absolute path of the kb's golden set (`kbs.<kb>.eval`), or undefined when none is configured. */
export function evalDatasetOf(config: KbSettingsSource, kb: string): string | undefined {
  const dataset = config.kbs[kb]?.eval;
  return dataset === undefined ? undefined : path.resolve(config.baseDir, dataset);
}

/**
 * Where the kb's drift baseline queries come from: `monitoring.drift.baselineQueries.<kb>` (a
 * file), else the kb's golden set (a dataset directory, whose queries or questions are read).
 * Absolute; undefined when neither is configured.
 */
export function baselineQueriesOf(config: KbSettingsSource, kb: string): string | undefined {
  const file = config.monitoring.drift.baselineQueries[kb];
  return file === undefined ? evalDatasetOf(config, kb) : path.resolve(config.baseDir, file);
}
