/**
 * Where an ingest run's documents come from. Every source ends in the same pipeline: it fetches
 * what changed into a local directory (its cache, kept between runs), and the run ingests that
 * directory as it would any folder — so versions, manifests, diffs and promotion work unchanged.
 * What the source saw (page validators, a commit, object ETags) is recorded in the manifest as
 * `source`, so the next run can ask only for what changed and `ragship diff` can explain a version
 * in the source's own terms.
 */

import type { SourceRecord } from '@ragship/core';

export type { GitCommitRecord, S3ObjectRecord, SourceRecord, WebPageRecord } from '@ragship/core';

/** Progress of fetching a source, for the progress bar. */
export interface SourceProgress {
  /** What the source is doing, e.g. `crawling`, `fetching`, `listing`, `checking out`. */
  phase: string;
  /** Items done so far (pages, objects); undefined when not counted. */
  done?: number;
  /** Items known so far or in all; undefined when unknown. */
  total?: number;
}

/** A source's local copy, ready for the pipeline. */
export interface SourceSnapshot {
  /** The directory the pipeline ingests; the paths under it are the docIds. */
  directory: string;
  record: SourceRecord;
  /**
   * True when the source itself says nothing changed since `previous` (every page answered 304,
   * the same commit, the same listing): the run makes no version without reading a file.
   */
  unchanged: boolean;
  /**
   * The address citations show for a file under `directory`, by its relative path with `/`
   * separators (a page's URL, an object's `s3://` URI); a path not in the map keeps its `file://` URI.
   */
  sourceUrls?: ReadonlyMap<string, string>;
  /** Files the source could not take and why (a page that failed, a type no loader knows), for the run's `skipped` list. */
  skipped?: { path: string; reason: string }[];
  /** Removes what only this run needed (a temporary checkout); the cache stays. */
  release(): Promise<void>;
}

/** Options of {@link DocumentSource.snapshot}. */
export interface SnapshotOptions {
  /** What the parent version recorded of this same source; undefined on a first run or a new location. */
  previous: SourceRecord | undefined;
  /** A directory this source (this kb and location) owns, kept between runs: its mirror, clone or state. */
  cacheDir: string;
  signal?: AbortSignal;
  onProgress?: (progress: SourceProgress) => void;
  /** One line for a person (a warning, a retry); never carries credentials. */
  log?: (message: string) => void;
}

/** A place documents come from: a directory, a web site, a git repository, an S3 prefix. */
export interface DocumentSource {
  readonly kind: SourceRecord['kind'];
  /** The location, credential-free: safe for logs, manifests and errors. */
  readonly location: string;
  /** Fetches what changed since `options.previous` into `options.cacheDir` and says what it saw. */
  snapshot(options: SnapshotOptions): Promise<SourceSnapshot>;
}
