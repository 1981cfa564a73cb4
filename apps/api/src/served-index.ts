import { NotFoundError, NothingPromotedError, RagshipError, formatIndexRef, type Manifest } from '@ragship/core';
import { createEmbedder, type Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import { openSearchTarget, type SearchTarget } from '@ragship/retrieval';
import { tracedEmbedder, TRACING_OFF, type Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';

/** The version an environment serves for a kb, ready to search. */
export interface ServedIndex extends SearchTarget {
  kb: string;
  version: number;
  /** `docs@v7`, for the `X-Index-Version` header. */
  ref: string;
  manifest: Manifest;
}

/** One version ready to search and answer from, as serving holds it (and `ragship eval` measures it). */
export async function openServedIndex(
  registry: Registry,
  store: VectorStore,
  manifest: Manifest,
  version: number,
  embedder: Embedder,
): Promise<ServedIndex> {
  const target = await openSearchTarget(registry, store, manifest, version, embedder);
  return { ...target, kb: manifest.kb, version, ref: formatIndexRef(manifest.kb, version), manifest };
}

/** Options of {@link createServedIndexResolver}. */
export interface ServedIndexResolverOptions {
  registry: Registry;
  store: VectorStore;
  environment: string;
  /** How often the aliases of the kbs served so far are re-read. */
  refreshMs: number;
  /**
   * Re-read aliases on a timer (default), so requests never wait for the registry and a
   * promotion is served within about `refreshMs` even when no request comes. Off: re-read when a
   * request finds the alias older than `refreshMs` (tests drive the clock).
   */
  background?: boolean;
  /** Makes the embedder a manifest names (the query must be embedded like the chunks were). Default: built-in providers with default settings. */
  createEmbedder?: (id: string) => Embedder;
  /** Called when a kb's served version changes (first resolution: `from` is null). */
  onChange?: (change: { kb: string; from: string | null; to: string }) => void;
  /** Called when re-reading an alias fails; the last known version keeps serving. */
  onRefreshError?: (kb: string, error: unknown) => void;
  /** Query embeddings become EMBEDDING spans here. Default: off. */
  tracing?: Tracing;
  now?: () => number;
}

/** Resolves `kb` → the version the environment's alias points to. */
export interface ServedIndexResolver {
  resolve(kb: string): Promise<ServedIndex>;
  /** Re-reads the alias of every kb resolved so far; what the timer runs. */
  refresh(): Promise<void>;
  /** Stops the timer. */
  close(): void;
}

interface Entry {
  index: ServedIndex;
  checkedAt: number;
}

/**
 * Follows the environment's aliases without a restart. Each kb's alias is re-read every
 * `refreshMs`; a request uses the version known then, so a promotion or rollback reaches new
 * requests within about `refreshMs` while requests already holding a {@link ServedIndex} finish
 * on the old version. When the registry cannot be read, the last known version keeps serving.
 */
export function createServedIndexResolver(options: ServedIndexResolverOptions): ServedIndexResolver {
  const now = options.now ?? Date.now;
  const background = options.background ?? true;
  // With the timer on, an entry is re-read every refreshMs; the hot path waits only if the timer stalls.
  const maxAge = background ? options.refreshMs * 3 : options.refreshMs;
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<ServedIndex>>();
  const embedders = new Map<string, Embedder>();

  function embedderFor(manifest: Manifest): Embedder {
    const cached = embedders.get(manifest.embedder.id);
    if (cached) return cached;
    const created = tracedEmbedder(
      (options.createEmbedder ?? createEmbedder)(manifest.embedder.id),
      options.tracing ?? TRACING_OFF,
    );
    embedders.set(manifest.embedder.id, created);
    return created;
  }

  async function read(kb: string): Promise<ServedIndex> {
    const alias = await options.registry.getAlias(options.environment, kb);
    if (!alias) {
      const kbs = await options.registry.listKbs();
      if (!kbs.includes(kb)) throw new NotFoundError('kb', kb, `Unknown kb "${kb}".`, kbs);
      throw new NothingPromotedError(kb, options.environment);
    }
    const known = cache.get(kb)?.index;
    if (known?.version === alias.version) return known;
    const record = await options.registry.getVersion(kb, alias.version);
    if (!record?.manifest) {
      throw new RagshipError('ALIAS_BROKEN', `${kb}@${options.environment} points to a version without a manifest.`);
    }
    return openServedIndex(
      options.registry,
      options.store,
      record.manifest,
      alias.version,
      embedderFor(record.manifest),
    );
  }

  /** Re-reads one kb's alias, once at a time per kb, and records a change. */
  function reload(kb: string): Promise<ServedIndex> {
    const pending = loading.get(kb);
    if (pending) return pending;
    const started = now();
    const load = read(kb)
      .then((index) => {
        const previous = cache.get(kb)?.index;
        cache.set(kb, { index, checkedAt: started });
        if (previous !== index) options.onChange?.({ kb, from: previous?.ref ?? null, to: index.ref });
        return index;
      })
      .finally(() => loading.delete(kb));
    loading.set(kb, load);
    return load;
  }

  async function refresh(): Promise<void> {
    await Promise.all(
      [...cache.keys()].map((kb) => reload(kb).catch((error: unknown) => options.onRefreshError?.(kb, error))),
    );
  }

  let refreshing = false;
  const timer = background
    ? setInterval(() => {
        if (refreshing) return;
        refreshing = true;
        void refresh().finally(() => (refreshing = false));
      }, options.refreshMs)
    : undefined;
  timer?.unref();

  return {
    async resolve(kb) {
      const entry = cache.get(kb);
      if (entry && now() - entry.checkedAt < maxAge) return entry.index;
      try {
        return await reload(kb);
      } catch (error) {
        // A registry hiccup must not take serving down: keep answering from what was served.
        if (entry && !(error instanceof NothingPromotedError) && !(error instanceof NotFoundError)) {
          options.onRefreshError?.(kb, error);
          return entry.index;
        }
        throw error;
      }
    },
    refresh,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
