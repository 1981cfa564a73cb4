import { stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage, InvalidInputError } from '@ragship/core';
import type { DocumentFormat, LoadedItem } from '../source-document.js';
import { binaryFileLoader } from './binary-file-loader.js';
import type { FileLoader } from './file-loader.js';
import { findEvaluationFiles } from './find-evaluation-files.js';
import { htmlLoader } from './html-loader.js';
import { jsonLinesLoader } from './json-lines-loader.js';
import { jsonLoader } from './json-loader.js';
import { isExcluded } from './is-excluded.js';
import { listFiles } from './list-files.js';
import { markdownLoader } from './markdown-loader.js';
import { pdfLoader } from './pdf-loader.js';
import { startsWithNulBytes } from './starts-with-nul-bytes.js';
import { textLoader } from './text-loader.js';

/** Options of {@link loadDirectory}. */
export interface LoadDirectoryOptions {
  /**
   * Glob patterns (`path.matchesGlob` syntax) over paths relative to the root with `/`
   * separators. A file matching one, or under a directory matching one, is neither loaded nor
   * reported: `drafts/**`, `drafts`, `**\/*.draft.md`. Default: none.
   */
  exclude?: readonly string[];
  /**
   * Load files that symbolic links point to outside `root`. Default false: such a link is skipped
   * with a reason, so whoever can write the corpus cannot pull in files from elsewhere on the
   * machine (a service-account token, another tenant's data).
   */
  followLinksOutside?: boolean | undefined;
  /** Largest file loaded, in bytes: a larger one is skipped, by its size, before any of it is read. Default: no limit. */
  maxFileBytes?: number | undefined;
  /**
   * The address each file's documents cite, by relative path (a web page's URL, an object's
   * `s3://` URI), for a directory that mirrors a remote source; a file not in it cites its `file://` URI.
   */
  sourceUrls?: ReadonlyMap<string, string> | undefined;
}

interface FileType {
  format: DocumentFormat;
  loader: FileLoader;
}

const FILE_TYPES: Record<string, FileType> = {
  '.md': { format: 'markdown', loader: markdownLoader },
  '.markdown': { format: 'markdown', loader: markdownLoader },
  '.mdx': { format: 'markdown', loader: markdownLoader },
  '.txt': { format: 'text', loader: textLoader },
  '.text': { format: 'text', loader: textLoader },
  '.html': { format: 'html', loader: htmlLoader },
  '.htm': { format: 'html', loader: htmlLoader },
  '.pdf': { format: 'pdf', loader: pdfLoader },
  '.jsonl': { format: 'json', loader: jsonLinesLoader },
  '.ndjson': { format: 'json', loader: jsonLinesLoader },
  '.json': { format: 'json', loader: jsonLoader },
};

/**
 * The file extensions a loader reads, lowercase with the dot (`.md`, `.pdf`, …): a remote source
 * skips other files without downloading them.
 */
export function knownFileExtensions(): readonly string[] {
  return Object.keys(FILE_TYPES);
}

/**
 * Walks `root` recursively and yields, file by file in sorted path order, the documents each file
 * holds, the files that hold none (unsupported type, evaluation data, non-record JSON) and the
 * records rejected at load time. Hidden entries and `node_modules` are not walked. In a BEIR
 * data set (`corpus.jsonl` beside `queries.jsonl`) the queries and `qrels/` are skipped, in a QA
 * data set (`documents.jsonl` beside `questions.jsonl`) the questions. A text file that starts
 * with NUL bytes is yielded whole as one document for validation to reject as binary.
 *
 * @throws InvalidInputError when `root` does not exist or is not a directory (on the first `next()`).
 */
export async function* loadDirectory(root: string, options: LoadDirectoryOptions = {}): AsyncGenerator<LoadedItem> {
  const absoluteRoot = path.resolve(root);
  await assertDirectory(absoluteRoot);
  const exclude = options.exclude ?? [];
  const { files: relativePaths, outside } = await listFiles(absoluteRoot, {
    followLinksOutside: options.followLinksOutside,
  }).catch((error: unknown) => {
    throw new InvalidInputError(`Cannot list the files under ${absoluteRoot}: ${errorMessage(error)}`, 'directory', {
      cause: error,
    });
  });
  const linksOutside = new Set(outside);
  // Evaluation layouts are recognised from every file, so excluding a corpus does not turn its queries into one.
  const evaluationFiles = findEvaluationFiles(relativePaths);
  for (const relativePath of [...relativePaths, ...outside].sort()) {
    if (isExcluded(relativePath, exclude)) continue;
    if (linksOutside.has(relativePath)) {
      const reason = `symbolic link to outside ${absoluteRoot}: not followed (ingest.followLinksOutside allows it)`;
      yield { kind: 'skipped', skipped: { path: relativePath, reason } };
      continue;
    }
    const evaluationReason = evaluationFiles.get(relativePath);
    if (evaluationReason !== undefined) {
      yield { kind: 'skipped', skipped: { path: relativePath, reason: evaluationReason } };
      continue;
    }
    yield* loadFile(absoluteRoot, relativePath, {
      maxFileBytes: options.maxFileBytes ?? Number.POSITIVE_INFINITY,
      sourceUrl: options.sourceUrls?.get(relativePath),
    });
  }
}

async function assertDirectory(absoluteRoot: string): Promise<void> {
  const stats = await stat(absoluteRoot).catch((error: unknown) => {
    throw new InvalidInputError(`Cannot read directory ${absoluteRoot}: it does not exist.`, 'directory', {
      cause: error,
    });
  });
  if (!stats.isDirectory()) {
    throw new InvalidInputError(`Cannot read directory ${absoluteRoot}: it is not a directory.`, 'directory');
  }
}

async function* loadFile(
  absoluteRoot: string,
  relativePath: string,
  { maxFileBytes, sourceUrl }: { maxFileBytes: number; sourceUrl: string | undefined },
): AsyncGenerator<LoadedItem> {
  const skip = (reason: string): LoadedItem => ({ kind: 'skipped', skipped: { path: relativePath, reason } });
  const absolutePath = path.join(absoluteRoot, ...relativePath.split('/'));
  try {
    // stat follows symbolic links: a link to a file loads that file.
    const stats = await stat(absolutePath);
    if (!stats.isFile()) {
      yield skip(stats.isDirectory() ? 'symbolic link to a directory: not followed' : 'not a regular file');
      return;
    }
    if (stats.size > maxFileBytes) {
      yield skip(`file too large: ${stats.size} bytes, over ingest.maxFileBytes (${maxFileBytes}); not read`);
      return;
    }
    const extension = path.posix.extname(relativePath).toLowerCase();
    const fileType = FILE_TYPES[extension];
    if (!fileType) {
      yield skip(extension === '' ? 'unsupported file type (no extension)' : `unsupported file type "${extension}"`);
      return;
    }
    const file = { absolutePath, relativePath, modifiedAt: stats.mtime.toISOString(), sourceUrl };
    const isBinary = fileType.format !== 'pdf' && (await startsWithNulBytes(absolutePath));
    yield* (isBinary ? binaryFileLoader(fileType.format) : fileType.loader)(file);
  } catch (error) {
    if (!isFileSystemError(error)) throw error;
    yield skip(`cannot read file: ${error.message}`);
  }
}

/** An error of the file system (ENOENT, EACCES, …): the file vanished or cannot be read. */
function isFileSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && 'syscall' in error;
}
