import type { SourceRecord } from './source-record.js';

/**
 * Lifecycle of an index version: invisible until `ready`, immutable after; `deleted` once `gc`
 * has removed it (the record stays so numbers are never reused and the history reads whole).
 */
export type VersionStatus = 'building' | 'ready' | 'failed' | 'deleted';

/** One immutable physical part of a version: a Chroma collection (or a Pinecone namespace). */
export interface SegmentRef {
  /** Store-independent name; the same segment has the same name in every store. */
  name: string;
  /** Number of chunks stored in the segment. */
  chunks: number;
  /**
   * Ids of chunks stored in this segment that are dead in this version (their document changed
   * or was removed in a later delta). Searches over-fetch by this many and drop them.
   */
  tombstones: string[];
}

/** One segment's BM25 index: every chunk stored in the segment, its tombstones included. */
export interface LexicalSegmentRef {
  segment: string;
  /** The version's registry artifact that holds it. */
  artifact: string;
  /** Chunks indexed: the segment's `chunks`. */
  chunks: number;
  bytes: number;
  sha256: string;
}

/**
 * A version's BM25 index: one artifact per segment, so a delta version stores only its delta's
 * index (searches merge them, dropping tombstones), or, as older ragship wrote it, one artifact
 * holding the version's live chunks.
 */
export type LexicalRef =
  | { analyzer: string; segments: LexicalSegmentRef[] }
  | { analyzer: string; artifact: string; bytes: number; sha256: string };

/** What the manifest records for each ingested document. */
export interface ManifestDocument {
  /** sha256 of the document's content (title, text, metadata), hex. */
  contentHash: string;
  source: string;
  title: string;
  /** ISO 8601 modification time of the file when this content was ingested. */
  modifiedAt: string;
  /** Number of chunks the document produced. */
  chunks: number;
  /** The ids of those chunks, in document order. */
  chunkIds: string[];
  /** The segment that holds them. */
  segment: string;
  /** Digest of the document's chunks and vectors (see `Manifest.digest`). */
  digest: string;
}

/** A document the validation step kept out of the index, and why. */
export interface RejectedDocument {
  docId: string;
  /**
   * The rule that rejected it: `empty`, `too-short`, `too-long`, `binary`, `garbled`, `duplicate`,
   * `pii`, `instructions`, `invalid-record`.
   */
  rule: string;
  /** A sentence a person can act on, e.g. "duplicate of docs/a.md". */
  reason: string;
}

/** A document that was indexed but flagged by validation (PII found, instruction-like text). */
export interface FlaggedDocument {
  docId: string;
  /** Flag names, e.g. `pii`, `instructions`. */
  flags: string[];
  /** What was found, e.g. "email address, phone number"; never the PII itself. */
  reason: string;
  /** True when PII was redacted before indexing. */
  redacted: boolean;
}

/** The measurement of a version on one eval set (written by `ragship eval`). */
export interface EvalRecord {
  /** The dataset's directory or name as given, for people. */
  dataset: string;
  /** `beir` (retrieval with relevance labels) or `qa` (questions with answer spans). */
  kind: string;
  /** Metric name (`ndcg@10`, `recall@10`, …) → value. */
  metrics: Record<string, number>;
  /** ISO 8601. */
  measuredAt: string;
}

/** The files a run read, as it found them: the next run trusts a hash whose file's stat is unchanged. */
export interface InputFiles {
  /** Epoch ms, taken before the first file was looked at. */
  checkedAt: number;
  files: { path: string; size: number; mtimeMs: number; ctimeMs: number; sha256: string }[];
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
  /**
   * sha256 over the ingested files as read (path, size, modification time, bytes) and the run's
   * exclude patterns and rejection budget: when the next run finds the same, nothing can have
   * changed and it stops before loading a document. Absent on versions built before it existed.
   */
  inputFingerprint?: string;
  /** The stat and hash of each file behind `inputFingerprint`, so the next run reads only files whose stat changed. */
  inputFiles?: InputFiles;
  /**
   * What the run's source saw (a web crawl's pages and validators, a git commit, S3 objects): the
   * next run of the same source asks only for what changed since. Absent on versions built before
   * sources existed.
   */
  source?: SourceRecord;
  /** Per document id. */
  documents: Record<string, ManifestDocument>;
  chunking: { splitter: string; size: number; overlap: number };
  embedder: { id: string; dimensions: number };
  /** Git SHA of the pipeline code when known, else the package version. */
  pipelineVersion: string;
  counts: { documents: number; chunks: number; rejected: number };
  /** The validation rules applied (a change forces a full rebuild) and what they kept out or flagged. */
  validation: { settings: Record<string, unknown>; rejected: RejectedDocument[]; flagged: FlaggedDocument[] };
  /** Eval results once measured, keyed by the eval set's fingerprint: numbers compare only on the same set. */
  eval: Record<string, EvalRecord> | null;
  /**
   * Digest of the live chunks and vectors: the sum modulo 2^256 of each chunk's sha256 (over id,
   * text, metadata and float32 vector), hex. Order-free and updatable per delta; equal digests
   * prove equal copies.
   */
  digest: string;
  /** The version's segments, base first, then deltas oldest first. */
  segments: SegmentRef[];
  /**
   * The version's BM25 index of its chunks, stored in the registry with the version (so every
   * environment sharing the registry has it). Absent in manifests of older ragship.
   */
  lexical?: LexicalRef;
  /** Where the version was built: the environment and its store's location. Absent in manifests of older ragship. */
  builtIn?: { environment: string; store: string };
  /**
   * What the ingest run that built the version did (the source of the ingestion metrics). Absent in
   * manifests of older ragship.
   */
  run?: IngestRunCounts;
}

/** Counts of one ingest run, as `ragship ingest --json` reports them. */
export interface IngestRunCounts {
  documents: { added: number; changed: number; removed: number; unchanged: number; rejected: number };
  /** Texts sent to the embedder; chunks whose vectors came from the cache; chunks kept from the parent. */
  chunks: { embedded: number; cached: number; reused: number };
  durationMs: number;
}
