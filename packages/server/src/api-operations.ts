import { ConfigError, type BuildInfo, type LoadedConfig } from '@ragship/core';
import { sourceStores, type OperationsContext } from '@ragship/operations';
import type { Registry } from '@ragship/registry';
import type { Tracing } from '@ragship/telemetry';
import { createVectorStore, type VectorStore } from '@ragship/vector-store';

/**
 * The admin API's operations context: the API's own store for its environment, and every other
 * environment's store opened from the configuration on first use (`openStore` overrides how, e.g.
 * `ragship serve` sharing its embedded Chroma server). An environment on an embedded Chroma server
 * with no URL cannot be opened from the API: the error says to give it a URL.
 */
export function apiOperations(options: {
  config: LoadedConfig;
  registry: Registry;
  store: VectorStore;
  build: BuildInfo;
  tracing?: Tracing;
  openStore?: ((environment: string) => Promise<VectorStore>) | undefined;
}): OperationsContext {
  const { config } = options;
  const opened = new Map<string, Promise<VectorStore>>([[config.environment, Promise.resolve(options.store)]]);
  const open = options.openStore ?? ((environment: string) => openConfiguredStore(config, environment));
  const store = (environment: string): Promise<VectorStore> => {
    let pending = opened.get(environment);
    if (!pending) {
      pending = open(environment);
      // A failed open is not remembered: the next request tries again.
      pending.catch(() => opened.delete(environment));
      opened.set(environment, pending);
    }
    return pending;
  };
  return {
    config,
    registry: options.registry,
    build: options.build,
    tracing: options.tracing,
    store,
    storesOf: (preferred) => sourceStores(config, store, preferred),
  };
}

async function openConfiguredStore(config: LoadedConfig, environment: string): Promise<VectorStore> {
  const settings = config.environments[environment]?.vectorStore ?? { kind: 'chroma' as const };
  if (settings.kind === 'chroma' && !settings.url) {
    throw new ConfigError(
      `The API cannot open ${environment}'s store: it is an embedded Chroma server without a URL; ` +
        `set environments.${environment}.vectorStore.url.`,
      `environments.${environment}.vectorStore.url`,
    );
  }
  const store = createVectorStore(settings);
  await store.ping();
  return store;
}
