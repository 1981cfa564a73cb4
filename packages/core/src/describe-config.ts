import type { GateConfig, VectorStoreConfig } from './config-schema.js';
import { baselineQueriesOf, evalDatasetOf, gatesFor } from './kb-settings.js';
import type { LoadedConfig } from './load-config.js';
import { maskUrlSecrets } from './mask-url-secrets.js';

/** What `ragship config` prints: the configuration a process resolves to, with every secret masked. */
export interface ConfigDescription {
  /** The environment this process acts in. */
  environment: string;
  configFile: string | null;
  dataDir: string;
  /** Where each environment keeps its versions: a Chroma URL, `embedded`, or `pinecone:<index>`. */
  stores: Record<string, string>;
  /** Groups of environments that resolve to the same store (promotion between them copies nothing). */
  sharedStores: string[][];
  /** Per configured kb: its golden set, its drift baseline queries and the gates it meets per environment. */
  kbs: Record<
    string,
    { eval: string | null; baselineQueries: string | null; gates: Record<string, Record<string, GateConfig>> }
  >;
  /** Every setting, defaults applied, secrets replaced by `***`. */
  settings: Record<string, unknown>;
}

export const MASK = '***';
const SECRET_KEYS = new Set(['apiKey', 'password', 'token', 'secret', 'secretAccessKey', 'sessionToken']);

/** Describes a loaded configuration for people and tests; no secret (key, token, URL password) survives. */
export function describeConfig(config: LoadedConfig): ConfigDescription {
  const { environment, configFile, dataDirPath } = config;
  const settings: Record<string, unknown> = { ...config };
  for (const resolved of ['environment', 'configFile', 'dataDirPath', 'baseDir']) delete settings[resolved];
  const stores = Object.fromEntries(
    Object.entries(config.environments).map(([name, { vectorStore }]) => [name, storeLocation(vectorStore)]),
  );
  const kbs = Object.fromEntries(
    Object.keys(config.kbs).map((kb) => [
      kb,
      {
        eval: evalDatasetOf(config, kb) ?? null,
        baselineQueries: baselineQueriesOf(config, kb) ?? null,
        gates: Object.fromEntries(Object.keys(config.environments).map((name) => [name, gatesFor(config, kb, name)])),
      },
    ]),
  );
  return {
    environment,
    configFile,
    dataDir: dataDirPath,
    stores: mask(stores) as Record<string, string>,
    sharedStores: sharedStores(stores),
    kbs,
    settings: mask(settings) as Record<string, unknown>,
  };
}

function storeLocation(store: VectorStoreConfig): string {
  if (store.kind === 'pinecone') return `pinecone:${store.index}`;
  return store.url ?? 'embedded';
}

function sharedStores(stores: Record<string, string>): string[][] {
  const byLocation = new Map<string, string[]>();
  for (const [name, location] of Object.entries(stores)) {
    byLocation.set(location, [...(byLocation.get(location) ?? []), name]);
  }
  return [...byLocation.values()].filter((names) => names.length > 1);
}

/** A copy of `value` with secret fields, API keys and URL secrets (`maskUrlSecrets`) replaced by {@link MASK}. */
function mask(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return SECRET_KEYS.has(key) ? MASK : maskUrlSecrets(value);
  if (Array.isArray(value)) return key === 'keys' ? value.map(maskApiKey) : value.map((item) => mask(item));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, mask(item, name)]));
  }
  return value;
}

/** An `api.keys` entry with its key masked; a named key keeps its name, role and kbs. */
function maskApiKey(entry: unknown): unknown {
  return entry !== null && typeof entry === 'object' ? { ...entry, key: MASK } : MASK;
}
