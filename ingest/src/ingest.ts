import {
  InvalidInputError,
  assertKbName,
  formatVersion,
  sha256,
  type EmbeddedChunk,
  type Manifest,
  type ManifestDocument,
} from '@ragship/core';
import { embedMany, type Embedder } from '@ragship/embeddings';
import type { Registry, VersionRecord } from '@ragship/registry';
import { baseSegmentName, chunkDigest, type VectorStore } from '@ragship/vector-store';
import { chunkDocuments, SPLITTER_ID, type ChunkingSettings } from './chunk-documents.js';
import { compareDocuments } from './document-changes.js';
import type { IngestProgress, IngestResult } from './ingest-result.js';
import { loadDocuments } from './load-documents.js';
import type { SourceDocument } from './source-document.js';
import { validateDocuments } from './validate-documents.js';

/** Everything one ingestion run needs, injected. */
export interface IngestOptions {
  /** Directory to ingest. */
  directory: string;
  kb: string;
  registry: Registry;
  /** The store of the environment the run builds into. */
  store: VectorStore;
  embedder: Embedder;
  chunking: ChunkingSettings;
  /** Git SHA of the pipeline code when known. */
  pipelineVersion: string;
  onProgress?: (progress: IngestProgress) => void;
  signal?: AbortSignal;
}

/**
 * Builds a new immutable version of `kb` from the files under `directory`: load → validate →
 * chunk → embed → write. When the sources, chunker and embedder are the same as the latest
 * ready version's, writes nothing and returns `version: null`. A failed run leaves a `failed`
 * version and no segment behind.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const { kb, registry, store, embedder, chunking } = options;
  assertKbName(kb);
  const report = options.onProgress ?? (() => undefined);

  const loaded = await loadDocuments(options.directory);
  report({ stage: 'load', done: loaded.documents.length, total: loaded.documents.length });
  const { accepted, rejected } = validateDocuments(loaded.documents);
  report({ stage: 'validate', done: loaded.documents.length, total: loaded.documents.length });
  if (accepted.length === 0) {
    throw new InvalidInputError(
      `No ingestible documents under ${options.directory} (Markdown or text files; ${rejected.length} rejected, ${loaded.skipped.length} skipped).`,
      'path',
    );
  }

  const parent = (await registry.listVersions(kb)).find((record) => record.status === 'ready');
  const fingerprint = sourceFingerprint(accepted);
  const settings = { splitter: SPLITTER_ID, ...chunking };
  const fullRebuild = rebuildReason(parent, settings, embedder);
  const changes = compareDocuments(accepted, parent?.manifest?.documents ?? {});
  const summary = {
    kb,
    parent: parent ? formatVersion(parent.version) : null,
    documents: {
      added: changes.added.length,
      changed: changes.changed.length,
      removed: changes.removed.length,
      unchanged: changes.unchanged.length,
      rejected: rejected.length,
    },
    fullRebuild,
    rejected,
    skipped: loaded.skipped,
  };

  if (parent?.manifest && !fullRebuild && parent.manifest.sourceFingerprint === fingerprint) {
    return {
      ...summary,
      version: null,
      status: 'unchanged',
      chunks: { total: parent.manifest.counts.chunks, embedded: 0, reused: parent.manifest.counts.chunks },
      durationMs: Math.round(performance.now() - started),
    };
  }

  const chunks = await chunkDocuments(accepted, chunking);
  report({ stage: 'chunk', done: chunks.length, total: chunks.length });
  const vectors = await embedMany(
    embedder,
    chunks.map((chunk) => chunk.text),
    { signal: options.signal, onProgress: (done, total) => report({ stage: 'embed', done, total }) },
  );
  const embedded: EmbeddedChunk[] = chunks.map((chunk, index) => ({ ...chunk, embedding: vectors[index] ?? [] }));

  const record = await registry.createVersion(kb, parent?.version ?? null);
  const segment = baseSegmentName(kb, record.version);
  try {
    await store.createSegment(segment, {
      dimensions: embedder.dimensions,
      metadata: { kb, version: formatVersion(record.version), embedder: embedder.id },
    });
    await store.addChunks(segment, embedded, {
      onProgress: (done) => report({ stage: 'write', done, total: embedded.length }),
    });
    const stored = await store.countChunks(segment);
    if (stored !== embedded.length) {
      throw new InvalidInputError(`The store holds ${stored} chunks for ${segment}, expected ${embedded.length}.`);
    }
    const manifest: Manifest = {
      kb,
      version: formatVersion(record.version),
      parent: summary.parent,
      status: 'ready',
      createdAt: record.createdAt,
      sourceFingerprint: fingerprint,
      documents: manifestDocuments(accepted, embedded),
      chunking: settings,
      embedder: { id: embedder.id, dimensions: embedder.dimensions },
      pipelineVersion: options.pipelineVersion,
      counts: { documents: accepted.length, chunks: embedded.length, rejected: rejected.length },
      validation: { rejected },
      eval: null,
      digest: chunkDigest(embedded),
      segments: [{ name: segment, chunks: embedded.length }],
    };
    await registry.finishVersion(kb, record.version, 'ready', manifest);
  } catch (error) {
    await registry.finishVersion(kb, record.version, 'failed', null).catch(() => undefined);
    await store.deleteSegment(segment).catch(() => undefined);
    throw error;
  }

  return {
    ...summary,
    version: formatVersion(record.version),
    status: 'ready',
    chunks: { total: embedded.length, embedded: embedded.length, reused: 0 },
    durationMs: Math.round(performance.now() - started),
  };
}

/** sha256 over the sorted (docId, contentHash) pairs. */
export function sourceFingerprint(documents: readonly SourceDocument[]): string {
  const pairs = documents.map((document) => `${document.docId}\0${document.contentHash}`).sort();
  return sha256(pairs.join('\n'));
}

function rebuildReason(
  parent: VersionRecord | undefined,
  settings: Manifest['chunking'],
  embedder: Embedder,
): string | null {
  const manifest = parent?.manifest;
  if (!manifest) return null;
  if (manifest.embedder.id !== embedder.id || manifest.embedder.dimensions !== embedder.dimensions) {
    return `embedder changed from ${manifest.embedder.id}/${manifest.embedder.dimensions} to ${embedder.id}/${embedder.dimensions}`;
  }
  const before = manifest.chunking;
  if (before.splitter !== settings.splitter || before.size !== settings.size || before.overlap !== settings.overlap) {
    return `chunking changed from ${before.size}/${before.overlap} to ${settings.size}/${settings.overlap}`;
  }
  return null;
}

function manifestDocuments(
  documents: readonly SourceDocument[],
  chunks: readonly EmbeddedChunk[],
): Record<string, ManifestDocument> {
  const counts = new Map<string, number>();
  for (const chunk of chunks) counts.set(chunk.metadata.docId, (counts.get(chunk.metadata.docId) ?? 0) + 1);
  return Object.fromEntries(
    documents.map((document) => [
      document.docId,
      {
        contentHash: document.contentHash,
        source: document.source,
        title: document.title,
        chunks: counts.get(document.docId) ?? 0,
      },
    ]),
  );
}
