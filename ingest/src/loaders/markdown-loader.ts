import { headingsOf } from '../heading-path.js';
import type { LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileToLoad } from './file-loader.js';
import { fileStem } from './file-name.js';
import { normaliseText } from './normalise-text.js';
import { readTextFile } from './read-text-file.js';

/**
 * Loads a Markdown file (`.md`, `.markdown`, `.mdx`) as one `markdown` document titled by its
 * first `# ` heading outside code fences, else by the file name without extension.
 */
export async function* markdownLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  const text = normaliseText(await readTextFile(file.absolutePath));
  const firstTopHeading = headingsOf(text, 'markdown').find((heading) => heading.level === 1);
  const title = firstTopHeading?.text ?? fileStem(file);
  yield { kind: 'document', document: createDocument(file, { title, format: 'markdown', text }) };
}
