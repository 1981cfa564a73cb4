import type { BuildInfo, LoadedConfig } from '@ragship/core';
import type { SourceStore } from '@ragship/promotion';
import type { Registry } from '@ragship/registry';
import type { Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';

/**
 * What an operation runs with: the loaded configuration, the registry, and each environment's
 * store opened on demand. The CLI's context is one; the API builds one over its own store and the
 * stores the configuration names.
 */
export interface OperationsContext {
  readonly config: LoadedConfig;
  readonly registry: Registry;
  /** The vector store of `environment`, opened (and checked) on first use. */
  store(environment: string): Promise<VectorStore>;
  /** Every configured environment's store, opened only when used: `preferred` first, then the rest in config order. */
  storesOf(preferred?: readonly (string | undefined)[]): SourceStore[];
  /** The build running the operation, recorded in audit entries. */
  readonly build: BuildInfo;
  /** Where promotions are traced. Default: off. */
  readonly tracing?: Tracing | undefined;
}

/** Every configured environment's store from `store`, `preferred` environments first (see {@link OperationsContext.storesOf}). */
export function sourceStores(
  config: LoadedConfig,
  store: (environment: string) => Promise<VectorStore>,
  preferred: readonly (string | undefined)[] = [],
): SourceStore[] {
  const names = Object.keys(config.environments);
  const ordered = [...preferred.filter((name): name is string => !!name && names.includes(name)), ...names];
  return [...new Set(ordered)].map((environment) => ({ environment, open: () => store(environment) }));
}
