import { InvalidInputError, RagshipError, type Manifest } from '@ragship/core';
import { diffManifests, type ManifestDiff } from '@ragship/ingest';
import type { Registry } from '@ragship/registry';
import type { OperationsContext } from './operations-context.js';
import { resolveManifest } from './resolve-version.js';

/** Documents added, changed and removed between two versions of a kb (`ragship diff`). */
export type VersionDiff = ManifestDiff;

/** Documents added, changed and removed from `from` to `to` (`<kb>@v<N>` or `<kb>@<env>` each). */
export async function compareVersions(registry: Registry, from: string, to: string): Promise<VersionDiff> {
  const [fromManifest, toManifest] = await Promise.all([
    resolveManifest(registry, from),
    resolveManifest(registry, to),
  ]);
  if (fromManifest.kb !== toManifest.kb) {
    throw new InvalidInputError(`Compare versions of one kb, not ${from} and ${to}.`);
  }
  return diffManifests(fromManifest, toManifest);
}

/** One chunk of a document as a diff shows it. */
export interface DiffChunk {
  chunkId: string;
  text: string;
}

/** One document's chunks in two versions. */
export interface DocumentChanges {
  kb: string;
  docId: string;
  from: string;
  to: string;
  /** Empty when the document is not in that version. */
  before: DiffChunk[];
  after: DiffChunk[];
}

/**
 * A document's chunks before (`from`) and after (`to`), read from the first store that holds the
 * segment: where each version was built first, then every other configured environment's.
 */
export async function documentChanges(
  context: OperationsContext,
  kb: string,
  versions: { from: string; to: string },
  docId: string,
): Promise<DocumentChanges> {
  const [from, to] = await Promise.all([
    resolveManifest(context.registry, `${kb}@${versions.from}`),
    resolveManifest(context.registry, `${kb}@${versions.to}`),
  ]);
  if (!from.documents[docId] && !to.documents[docId]) {
    throw new InvalidInputError(`${docId} is in neither ${kb}@${from.version} nor ${kb}@${to.version}.`, 'docId');
  }
  const [before, after] = await Promise.all([chunksOf(context, from, docId), chunksOf(context, to, docId)]);
  return { kb, docId, from: from.version, to: to.version, before, after };
}

async function chunksOf(context: OperationsContext, manifest: Manifest, docId: string): Promise<DiffChunk[]> {
  const document = manifest.documents[docId];
  if (!document) return [];
  for (const source of context.storesOf([manifest.builtIn?.environment])) {
    const store = await source.open().catch(() => undefined);
    if (!store || !(await store.hasSegment(document.segment).catch(() => false))) continue;
    const chunks = await store.getChunks(document.segment, document.chunkIds);
    const byId = new Map(chunks.map((chunk) => [chunk.id, chunk.text]));
    return document.chunkIds.map((chunkId) => ({ chunkId, text: byId.get(chunkId) ?? '' }));
  }
  throw new RagshipError(
    'SEGMENT_MISSING',
    `No configured environment's store holds ${document.segment}, which has ${docId} of ${manifest.kb}@${manifest.version}.`,
  );
}
