import type { DocumentFormat, LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileLoader, FileToLoad } from './file-loader.js';
import { fileName } from './file-name.js';
import { readTextFile } from './read-text-file.js';

/**
 * A loader for a file that should hold text but starts with NUL bytes: it yields the file as one
 * document with its decoded text, unparsed, so validation rejects it as binary and the manifest
 * lists it, instead of a parser mangling the evidence (HTML parsers drop NUL; JSON fails per line).
 */
export function binaryFileLoader(format: DocumentFormat): FileLoader {
  return async function* loadBinaryFile(file: FileToLoad): AsyncGenerator<LoadedItem> {
    const text = await readTextFile(file.absolutePath);
    yield { kind: 'document', document: createDocument(file, { title: fileName(file), format, text }) };
  };
}
