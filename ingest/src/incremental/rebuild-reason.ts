import type { Manifest, ValidationSettings } from '@ragship/core';
import type { Embedder } from '@ragship/embeddings';
import type { VectorStore } from '@ragship/vector-store';

/** Why a run cannot build on its parent and must rebuild everything, or null when it can. */
export function rebuildReason(
  manifest: Manifest | null,
  settings: Manifest['chunking'],
  embedder: Embedder,
  validation: ValidationSettings,
): string | null {
  if (!manifest) return 'first version';
  if (manifest.embedder.id !== embedder.id || manifest.embedder.dimensions !== embedder.dimensions) {
    return (
      `embedder changed from ${manifest.embedder.id}/${manifest.embedder.dimensions} ` +
      `to ${embedder.id}/${embedder.dimensions}`
    );
  }
  const before = manifest.chunking;
  if (before.splitter !== settings.splitter || before.size !== settings.size || before.overlap !== settings.overlap) {
    return (
      `chunking changed from ${before.splitter} ${before.size}/${before.overlap} ` +
      `to ${settings.splitter} ${settings.size}/${settings.overlap}`
    );
  }
  // Redaction and flags are baked into stored chunks, so other rules mean other chunks.
  if (stableJson(manifest.validation.settings) !== stableJson(validation)) return 'validation settings changed';
  return null;
}

/** Why the parent's chunks cannot be reused from this store: some of its segments are not in it. */
export async function missingSegmentsReason(manifest: Manifest | null, store: VectorStore): Promise<string | null> {
  if (!manifest) return null;
  for (const segment of manifest.segments) {
    if (!(await store.hasSegment(segment.name))) {
      return `${manifest.kb}@${manifest.version}'s segment ${segment.name} is not in ${store.location}`;
    }
  }
  return null;
}

function stableJson(value: object | undefined): string {
  return JSON.stringify(Object.entries(value ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
}
