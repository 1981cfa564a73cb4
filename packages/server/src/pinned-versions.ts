import { LRUCache } from 'lru-cache';
import { formatIndexRef, NotFoundError, type Manifest } from '@ragship/core';
import type { Registry } from '@ragship/registry';
import type { ServedIndex } from '@ragship/retrieval';
import type { VectorStore } from '@ragship/vector-store';

/** Versions a request names (`"version": "v3"`), opened on demand beside the ones the aliases serve. */
export interface PinnedVersions {
  /**
   * The ready version `kb@v<version>` of this environment's store. Throws `KB_NOT_FOUND` for an
   * unknown kb and `VERSION_NOT_FOUND` for a version that does not exist, is not ready, or whose
   * segments this environment's store lacks (never promoted or copied here).
   */
  open(kb: string, version: number): Promise<ServedIndex>;
}

/**
 * Opens pinned versions, at most one opening at a time per version, and keeps the `max` (default
 * 8) last used open: opening loads a version's BM25 index, and a caller naming one old version
 * after another must not hold them all in memory.
 */
export function createPinnedVersions(options: {
  registry: Registry;
  store: VectorStore;
  environment: string;
  /** Opens a version with the embedder its manifest names (as serving opens aliased ones). */
  openVersion: (manifest: Manifest, version: number) => Promise<ServedIndex>;
  max?: number;
}): PinnedVersions {
  const opened = new LRUCache<string, Promise<ServedIndex>>({ max: options.max ?? 8 });

  async function read(kb: string, version: number): Promise<ServedIndex> {
    const ref = formatIndexRef(kb, version);
    const record = await options.registry.getVersion(kb, version);
    if (!record) {
      const kbs = await options.registry.listKbs();
      if (!kbs.includes(kb)) throw new NotFoundError('kb', kb, `Unknown kb "${kb}".`, kbs);
      throw new NotFoundError('version', ref, `Unknown version ${ref}.`);
    }
    if (record.status !== 'ready' || !record.manifest) {
      throw new NotFoundError('version', ref, `${ref} is ${record.status}: only a ready version can be asked for.`);
    }
    const present = await Promise.all(
      record.manifest.segments.map((segment) => options.store.hasSegment(segment.name)),
    );
    if (present.includes(false)) {
      throw new NotFoundError(
        'version',
        ref,
        `${ref} is not in environment "${options.environment}": promote it here to serve it.`,
      );
    }
    return options.openVersion(record.manifest, version);
  }

  return {
    open(kb, version) {
      const key = formatIndexRef(kb, version);
      const cached = opened.get(key);
      if (cached) return cached;
      const opening = read(kb, version);
      opened.set(key, opening);
      // A refusal is not kept: the version may be promoted here, or finish, a moment later.
      opening.catch(() => opened.delete(key));
      return opening;
    },
  };
}
