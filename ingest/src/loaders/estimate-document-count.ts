import { createReadStream } from 'node:fs';
import path from 'node:path';
import { findEvaluationFiles } from './find-evaluation-files.js';
import { isExcluded } from './is-excluded.js';
import { listFiles } from './list-files.js';

const RECORD_FILES = new Set(['.jsonl', '.ndjson']);
const SINGLE_DOCUMENT_FILES = new Set(['.md', '.markdown', '.mdx', '.txt', '.text', '.html', '.htm', '.pdf', '.json']);

/**
 * About how many documents {@link loadDirectory} will yield, for a progress bar: one per line of
 * a JSON Lines file, one per other supported file (a PDF's pages and a JSON array's records count
 * as one). Reads JSON Lines files as bytes only, so it costs a fraction of loading.
 */
export async function estimateDocumentCount(
  root: string,
  options: { exclude?: readonly string[] } = {},
): Promise<number> {
  const absoluteRoot = path.resolve(root);
  const { files: relativePaths } = await listFiles(absoluteRoot);
  const evaluationFiles = findEvaluationFiles(relativePaths);
  let count = 0;
  for (const relativePath of relativePaths) {
    if (isExcluded(relativePath, options.exclude ?? []) || evaluationFiles.has(relativePath)) continue;
    const extension = path.posix.extname(relativePath).toLowerCase();
    if (RECORD_FILES.has(extension)) count += await countLines(path.join(absoluteRoot, relativePath));
    else if (SINGLE_DOCUMENT_FILES.has(extension)) count += 1;
  }
  return count;
}

async function countLines(file: string): Promise<number> {
  let lines = 0;
  let last = 0x0a;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    for (const byte of chunk) if (byte === 0x0a) lines++;
    last = chunk.at(-1) ?? last;
  }
  return last === 0x0a ? lines : lines + 1;
}
