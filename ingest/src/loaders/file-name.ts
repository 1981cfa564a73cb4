import path from 'node:path';
import type { FileToLoad } from './file-loader.js';

/** The file's name, e.g. `notes.txt`: the title of a document that names none. */
export function fileName(file: FileToLoad): string {
  return path.posix.basename(file.relativePath);
}

/** The file's name without its extension, e.g. `guide` for `docs/guide.md`. */
export function fileStem(file: FileToLoad): string {
  return path.posix.basename(file.relativePath, path.posix.extname(file.relativePath));
}
