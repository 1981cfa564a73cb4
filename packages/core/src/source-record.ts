/**
 * What an ingest run's source saw, in the source's own terms: crawled pages and their validators,
 * a git commit, S3 objects and their ETags. The manifest records it as `source`; the next run asks
 * the source only for what changed since, and `ragship diff` explains a version with it.
 */

/** One crawled page as the manifest records it. */
export interface WebPageRecord {
  /** The page's path under the snapshot directory, which is its docId (or the prefix of its docIds). */
  path: string;
  /** The page's URL (credential-free). */
  url: string;
  /** The validators the server sent with the page, for the next run's conditional request. */
  etag?: string;
  lastModified?: string;
  /** The page's content type as served, without parameters, e.g. `text/html`. */
  contentType: string;
}

/** One git commit as the manifest records it. */
export interface GitCommitRecord {
  sha: string;
  /** First line of the commit message. */
  subject: string;
  author: string;
  /** ISO 8601 commit time. */
  committedAt: string;
}

/** One object of an S3 prefix as the manifest records it. */
export interface S3ObjectRecord {
  /** The object's key, which is its path under the snapshot directory and its docId. */
  key: string;
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  size: number;
  /** Present when the bucket is versioned. */
  versionId?: string;
}

/**
 * What a source saw on a run, recorded in the manifest as `source`; never credentials. `location`
 * is the source as given, with any user name, password or credential query parameter removed.
 */
export type SourceRecord =
  | { kind: 'directory'; location: string }
  | {
      kind: 'web';
      location: string;
      /** `crawl` follows links from the URL; `sitemap` takes the pages a sitemap lists. */
      mode: 'crawl' | 'sitemap';
      /** Pages fetched (or confirmed unchanged), sorted by path. */
      pages: WebPageRecord[];
    }
  | {
      kind: 'git';
      location: string;
      /** The `#<ref>` asked for; null for the remote's default branch. */
      ref: string | null;
      /** The sub-path ingested; null for the whole tree. */
      subPath: string | null;
      commit: GitCommitRecord;
      /**
       * How this commit differs from the previous run's, when that commit is known: the commits
       * between them (newest first, at most 50) and the files under `subPath` they changed.
       */
      changes?: {
        from: string;
        commits: GitCommitRecord[];
        files: { path: string; status: 'added' | 'modified' | 'deleted' }[];
      };
    }
  | {
      kind: 's3';
      location: string;
      /** The endpoint used when not AWS's own (an S3-compatible server). */
      endpoint: string | null;
      /** Objects listed under the prefix, sorted by key. */
      objects: S3ObjectRecord[];
    };
