/** Lifecycle of an index version: invisible until `ready`, immutable after. */
export type VersionStatus = 'building' | 'ready' | 'failed';

/** One immutable physical part of a version: a Chroma collection (or a Pinecone namespace). */
export interface SegmentRef {
  /** Store-independent name; the same segment has the same name in every store. */
  name: string;
  /** Number of chunks stored in the segment. */
  chunks: number;
}

/** What the manifest records for each ingested document. */
export interface ManifestDocument {
  /** sha256 of the document's content, hex. */
  contentHash: string;
  source: string;
  title: string;
  /** Number of chunks the document produced. */
  chunks: number;
}

/** A document the validation step kept out of the index, and why. */
export interface RejectedDocument {
  docId: string;
  reason: string;
}

/**
 * The manifest of one index version: everything needed to reproduce, compare and serve it.
 * Stored in the registry; immutable once `status` is `ready`.
 */
export interface Manifest {
  kb: string;
  /** `v<N>`. */
  version: string;
  /** The version this one was built from, `v<N>`, or null for the first. */
  parent: string | null;
  status: VersionStatus;
  /** ISO 8601. */
  createdAt: string;
  /** sha256 over the sorted (docId, contentHash) pairs: equal fingerprints mean equal sources. */
  sourceFingerprint: string;
  /** Per document id. */
  documents: Record<string, ManifestDocument>;
  chunking: { splitter: string; size: number; overlap: number };
  embedder: { id: string; dimensions: number };
  /** Git SHA of the pipeline code when known, else the package version. */
  pipelineVersion: string;
  counts: { documents: number; chunks: number; rejected: number };
  validation: { rejected: RejectedDocument[] };
  /** Eval results once measured, keyed by dataset fingerprint. */
  eval: Record<string, unknown> | null;
  /** sha256 over the stored chunks and vectors, in chunk id order: equal digests prove equal copies. */
  digest: string;
  /** The version's segments, base first. */
  segments: SegmentRef[];
}
