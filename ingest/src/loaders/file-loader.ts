import type { LoadedItem } from '../source-document.js';

/** One file of the ingested directory, as the walk hands it to a {@link FileLoader}. */
export interface FileToLoad {
  /** Absolute path on disk. */
  absolutePath: string;
  /** Path relative to the ingested directory with `/` separators: the docId of a whole-file document. */
  relativePath: string;
  /** ISO 8601 modification time of the file. */
  modifiedAt: string;
  /** The address citations show for the file (a page's URL, an object's `s3://` URI); default its `file://` URI. */
  sourceUrl?: string | undefined;
}

/**
 * Reads one file of a known format and yields what it holds: its documents, and records or
 * files that cannot become one. Read errors of the file system are thrown; the walk reports them.
 */
export type FileLoader = (file: FileToLoad) => AsyncGenerator<LoadedItem>;
