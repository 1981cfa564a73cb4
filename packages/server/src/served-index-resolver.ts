import { LRUCache } from 'lru-cache';
import { NotFoundError, NothingPromotedError, RagshipError, type Manifest } from '@ragship/core';
import { createEmbedder, type Embedder } from '@ragship/embeddings';
import type { AliasRecord, Registry } from '@ragship/registry';
import { openServedIndex, type ServedIndex } from '@ragship/retrieval';
import { createPinnedVersions, type PinnedVersions } from './pinned-versions.js';
import { tracedEmbedder, TRACING_OFF, type Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';

/** Options of {@link createServedIndexResolver}. */
export interface ServedIndexResolverOptions {
  registry: Registry;
  store: VectorStore;
  environment: string;
  /** How often the environment's aliases are re-read. */
  refreshMs: number;
  /**
   * Re-read aliases on a timer (default), so requests never wait for the registry, every kb
   * aliased in the environment is opened before it is asked for, and a promotion is served within
   * about `refreshMs` even when no request comes. Off: re-read when a request finds what it needs
   * older than `refreshMs` (tests drive the clock).
   */
  background?: boolean;
  /**
   * Makes the embedder a manifest names (the query must be embedded like the chunks were). Default:
   * built-in providers with default settings.
   */
  createEmbedder?: (id: string) => Embedder;
  /** Called when a kb's served version changes (first resolution: `from` is null). */
  onChange?: (change: { kb: string; from: string | null; to: string }) => void;
  /**
   * Called when re-reading an alias fails (`kb` null: the environment's list of aliases); the last
   * known version keeps serving.
   */
  onRefreshError?: (kb: string | null, error: unknown) => void;
  /** Query embeddings become EMBEDDING spans here. Default: off. */
  tracing?: Tracing;
  now?: () => number;
}

/** Resolves `kb` → the version the environment's alias points to. */
export interface ServedIndexResolver {
  /** The environment whose aliases this follows (and whose store it reads). */
  readonly environment: string;
  resolve(kb: string): Promise<ServedIndex>;
  /**
   * A version a request pins (`"version": "v3"`): the served one when the alias points to it, else
   * the ready version from this environment's store; `VERSION_NOT_FOUND` when there is none (see
   * {@link PinnedVersions.open}).
   */
  resolveVersion(kb: string, version: number): Promise<ServedIndex>;
  /**
   * The kbs aliased in this environment, sorted: as of the last re-read of the aliases, which the
   * timer does every `refreshMs`, so a request does not wait for the registry. `fresh` reads the
   * registry now and throws when it cannot be read (what readiness checks).
   */
  servedKbs(options?: { fresh?: boolean }): Promise<readonly string[]>;
  /** Re-reads the environment's aliases and opens every aliased kb, and any resolved before; what the timer runs. */
  refresh(): Promise<void>;
  /** Stops the timer. */
  close(): void;
}

interface Entry {
  index: ServedIndex;
  checkedAt: number;
}

/**
 * Follows the environment's aliases without a restart. The aliases are re-read every `refreshMs`
 * (one registry read for all kbs); a request uses the version known then, so a promotion or
 * rollback reaches new requests within about `refreshMs` while requests already holding a
 * {@link ServedIndex} finish on the old version. When the registry cannot be read, the last known
 * versions keep serving.
 */
export function createServedIndexResolver(options: ServedIndexResolverOptions): ServedIndexResolver {
  const now = options.now ?? Date.now;
  const background = options.background ?? true;
  // With the timer on, an entry is re-read every refreshMs; the hot path waits only if the timer stalls.
  const maxAge = background ? options.refreshMs * 3 : options.refreshMs;
  const cache = new Map<string, Entry>();
  const loading = new Map<string, Promise<ServedIndex>>();
  // kbs found unknown or unpromoted, answered from here for refreshMs: a stream of made-up kb
  // names costs no registry query each. Bounded, so made-up names cannot grow it without limit.
  const absent = new LRUCache<string, { error: NotFoundError | NothingPromotedError; at: number }>({ max: 10_000 });
  const embedders = new Map<string, Embedder>();
  let aliases: { records: readonly AliasRecord[]; readAt: number } | undefined;
  let readingAliases: Promise<readonly AliasRecord[]> | undefined;

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

  /** The environment's aliases, read once at a time, sorted by kb. */
  function readAliases(): Promise<readonly AliasRecord[]> {
    if (readingAliases) return readingAliases;
    const started = now();
    const read = Promise.resolve()
      .then(() => options.registry.listAliases())
      .then((all) => all.filter((alias) => alias.environment === options.environment))
      .then((records) => {
        aliases = { records: records.toSorted((a, b) => a.kb.localeCompare(b.kb)), readAt: started };
        return aliases.records;
      })
      .finally(() => (readingAliases = undefined));
    readingAliases = read;
    return read;
  }

  /** Opens the version `kb`'s alias points to; `listed`: the alias as just listed (null: none), else it is read. */
  async function read(kb: string, listed?: AliasRecord | null): Promise<ServedIndex> {
    const alias = listed === undefined ? await options.registry.getAlias(options.environment, kb) : listed;
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
    return openVersion(record.manifest, alias.version);
  }

  function openVersion(manifest: Manifest, version: number): Promise<ServedIndex> {
    return openServedIndex(options.registry, options.store, manifest, version, embedderFor(manifest));
  }
  const pinned: PinnedVersions = createPinnedVersions({ ...options, openVersion });

  /** Re-reads one kb's alias (unless given), once at a time per kb, and records a change. */
  function reload(kb: string, alias?: AliasRecord | null): Promise<ServedIndex> {
    const pending = loading.get(kb);
    if (pending) return pending;
    const started = now();
    const load = read(kb, alias)
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
    let listed: readonly AliasRecord[];
    try {
      listed = await readAliases();
    } catch (error) {
      // Every kb's alias would fail the same way: report it once, keep serving what is known.
      options.onRefreshError?.(null, error);
      return;
    }
    const byKb = new Map(listed.map((alias) => [alias.kb, alias]));
    const kbs = new Set([...byKb.keys(), ...cache.keys()]);
    await Promise.all(
      [...kbs].map((kb) =>
        reload(kb, byKb.get(kb) ?? null).catch((error: unknown) => options.onRefreshError?.(kb, error)),
      ),
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
    environment: options.environment,
    async resolveVersion(kb, version) {
      const served = cache.get(kb)?.index;
      return served?.version === version ? served : pinned.open(kb, version);
    },
    async resolve(kb) {
      const entry = cache.get(kb);
      if (entry && now() - entry.checkedAt < maxAge) return entry.index;
      const missing = entry ? undefined : absent.get(kb);
      if (missing && now() - missing.at < options.refreshMs) throw missing.error;
      const started = now();
      try {
        return await reload(kb);
      } catch (error) {
        if (!entry && (error instanceof NotFoundError || error instanceof NothingPromotedError)) {
          absent.set(kb, { error, at: started });
        }
        // A registry hiccup must not take serving down: keep answering from what was served.
        if (entry && !(error instanceof NothingPromotedError) && !(error instanceof NotFoundError)) {
          options.onRefreshError?.(kb, error);
          return entry.index;
        }
        throw error;
      }
    },
    async servedKbs({ fresh = false } = {}) {
      if (!fresh && aliases && now() - aliases.readAt < maxAge) return aliases.records.map((alias) => alias.kb);
      try {
        return (await readAliases()).map((alias) => alias.kb);
      } catch (error) {
        // As for versions: a registry hiccup keeps the last known list serving requests.
        if (fresh || !aliases) throw error;
        options.onRefreshError?.(null, error);
        return aliases.records.map((alias) => alias.kb);
      }
    },
    refresh,
    close() {
      if (timer) clearInterval(timer);
    },
  };
}
