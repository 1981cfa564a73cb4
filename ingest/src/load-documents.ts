import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidInputError, sha256 } from '@ragship/core';
import type { SourceDocument } from './source-document.js';

const FORMATS: Record<string, SourceDocument['format']> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.txt': 'text',
  '.text': 'text',
};

/** What a directory walk found: documents it can read and files it skipped (with why). */
export interface LoadedDirectory {
  documents: SourceDocument[];
  skipped: { path: string; reason: string }[];
}

/**
 * Reads every Markdown and plain-text file under `root` (hidden entries and `node_modules`
 * excluded), sorted by path so runs are reproducible.
 */
export async function loadDocuments(root: string): Promise<LoadedDirectory> {
  const absoluteRoot = path.resolve(root);
  const files = await walk(absoluteRoot).catch((error: unknown) => {
    throw new InvalidInputError(
      `Cannot read directory ${absoluteRoot}: it does not exist or is not a directory.`,
      'path',
      {
        cause: error,
      },
    );
  });
  const documents: SourceDocument[] = [];
  const skipped: LoadedDirectory['skipped'] = [];
  for (const file of files.sort()) {
    const docId = path.relative(absoluteRoot, file).split(path.sep).join('/');
    const format = FORMATS[path.extname(file).toLowerCase()];
    if (!format) {
      skipped.push({ path: docId, reason: `unsupported file type "${path.extname(file) || '(none)'}"` });
      continue;
    }
    const text = normalise(await readFile(file, 'utf8'));
    documents.push({
      docId,
      source: pathToFileURL(file).href,
      title: titleOf(text, format) ?? path.basename(file, path.extname(file)),
      format,
      text,
      contentHash: sha256(text),
    });
  }
  return { documents, skipped };
}

async function walk(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(full)));
    else if (entry.isFile()) files.push(full);
  }
  return files;
}

/** Line endings to `\n`, no byte-order mark: the same text hashes the same on every OS. */
function normalise(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

function titleOf(text: string, format: SourceDocument['format']): string | undefined {
  if (format !== 'markdown') return undefined;
  return /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
}
