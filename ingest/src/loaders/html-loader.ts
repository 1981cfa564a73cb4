import { load } from 'cheerio';
import type { LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileToLoad } from './file-loader.js';
import { fileName } from './file-name.js';
import { collapseWhitespace, htmlToMarkdown } from './html-to-markdown.js';
import { readTextFile } from './read-text-file.js';

/**
 * Loads an HTML page (`.html`, `.htm`) as one `html` document whose text is Markdown-style
 * (see {@link htmlToMarkdown}), titled by `<title>`, else the first `<h1>`, else the file name.
 */
export async function* htmlLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  const $ = load(await readTextFile(file.absolutePath));
  const title =
    nonEmpty(collapseWhitespace($('title').first().text())) ??
    nonEmpty(collapseWhitespace($('h1').first().text())) ??
    fileName(file);
  yield { kind: 'document', document: createDocument(file, { title, format: 'html', text: htmlToMarkdown($) }) };
}

function nonEmpty(text: string): string | undefined {
  return text === '' ? undefined : text;
}
