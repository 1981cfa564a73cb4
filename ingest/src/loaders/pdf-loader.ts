import { readFile } from 'node:fs/promises';
import { errorMessage } from '@ragship/core';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileToLoad } from './file-loader.js';
import { fileName } from './file-name.js';

// pdf.js log level: errors only, so a malformed file does not print warnings to the console.
const PDFJS_ERRORS_ONLY = 0;

/**
 * Loads a PDF as one `pdf` document per page with text: docId `<path>#page-<n>` (n from 1),
 * source `…#page=<n>`, title the PDF's Title metadata else the file name, metadata
 * `{ page, pages }`. A PDF that cannot be parsed yields one `invalid` item instead of throwing.
 */
export async function* pdfLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  const bytes = new Uint8Array(await readFile(file.absolutePath));
  let pages: string[];
  let title: string;
  try {
    const pdf = await getDocumentProxy(bytes, { verbosity: PDFJS_ERRORS_ONLY });
    try {
      ({ text: pages } = await extractText(pdf, { mergePages: false }));
      title = metadataTitle((await getMeta(pdf)).info) ?? fileName(file);
    } finally {
      await pdf.loadingTask.destroy();
    }
  } catch (error) {
    yield { kind: 'invalid', docId: file.relativePath, reason: `cannot parse PDF: ${errorMessage(error)}` };
    return;
  }
  for (const [index, text] of pages.entries()) {
    if (text.trim() === '') continue;
    const page = index + 1;
    const document = createDocument(file, {
      title,
      format: 'pdf',
      text,
      metadata: { page, pages: pages.length },
      docIdFragment: `page-${page}`,
      sourceFragment: `page=${page}`,
    });
    yield { kind: 'document', document };
  }
}

function metadataTitle(info: Record<string, unknown>): string | undefined {
  const title = info['Title'];
  return typeof title === 'string' && title.trim() !== '' ? title.trim() : undefined;
}
