import { NotFoundError, NothingPromotedError, RagshipError, formatIndexRef, type Manifest } from '@ragship/core';
import { createEmbedder, type Embedder } from '@ragship/embeddings';
import type { Registry } from '@ragship/registry';
import type { SearchTarget } from '@ragship/retrieval';
import type { VectorStore } from '@ragship/vector-store';

/** The version an environment serves for a kb, ready to search. */
export interface ServedIndex extends SearchTarget {
  kb: string;
  version: number;
  /** `docs@v7`, for the `X-Index-Version` header. */
  ref: string;
  manifest: Manifest;
}

/** Options of {@link createServedIndexResolver}. */
export interface ServedIndexResolverOptions {
  registry: Registry;
  store: VectorStore;
  environment: string;
  /** How long a resolved alias is reused before the registry is asked again. */
  refreshMs: number;
  /** Makes the embedder a manifest names (the query must be embedded like the chunks were). Default: built-in providers with default settings. */
  createEmbedder?: (id: string) => Embedder;
  now?: () => number;
}

/** Resolves `kb` → the version the environment's alias points to. */
export interface ServedIndexResolver {
  resolve(kb: string): Promise<ServedIndex>;
}

/**
 * Follows the environment's alias without a restart: each kb's alias is re-read from the
 * registry at most every `refreshMs`, so a promotion or rollback reaches new requests within
 * that time while requests already holding a {@link ServedIndex} finish on the old version.
 */
export function createServedIndexResolver(options: ServedIndexResolverOptions): ServedIndexResolver {
  const now = options.now ?? Date.now;
  const cache = new Map<string, { index: ServedIndex; expiresAt: number }>();
  const embedders = new Map<string, Embedder>();

  function embedderFor(manifest: Manifest): Embedder {
    const cached = embedders.get(manifest.embedder.id);
    if (cached) return cached;
    const created = (options.createEmbedder ?? createEmbedder)(manifest.embedder.id);
    embedders.set(manifest.embedder.id, created);
    return created;
  }

  async function load(kb: string): Promise<ServedIndex> {
    const alias = await options.registry.getAlias(options.environment, kb);
    if (!alias) {
      const kbs = await options.registry.listKbs();
      if (!kbs.includes(kb)) throw new NotFoundError('kb', kb, `Unknown kb "${kb}".`, kbs);
      throw new NothingPromotedError(kb, options.environment);
    }
    const record = await options.registry.getVersion(kb, alias.version);
    if (!record?.manifest) {
      throw new RagshipError('ALIAS_BROKEN', `${kb}@${options.environment} points to a version without a manifest.`);
    }
    return {
      kb,
      version: alias.version,
      ref: formatIndexRef(kb, alias.version),
      manifest: record.manifest,
      segments: record.manifest.segments,
      store: options.store,
      embedder: embedderFor(record.manifest),
    };
  }

  return {
    async resolve(kb) {
      const cached = cache.get(kb);
      if (cached && cached.expiresAt > now()) return cached.index;
      const index = await load(kb);
      cache.set(kb, { index, expiresAt: now() + options.refreshMs });
      return index;
    },
  };
}
