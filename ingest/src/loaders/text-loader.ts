import type { LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileToLoad } from './file-loader.js';
import { fileName } from './file-name.js';
import { readTextFile } from './read-text-file.js';

/** Loads a plain-text file (`.txt`, `.text`) as one `text` document titled by its file name. */
export async function* textLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  const text = await readTextFile(file.absolutePath);
  yield { kind: 'document', document: createDocument(file, { title: fileName(file), format: 'text', text }) };
}
