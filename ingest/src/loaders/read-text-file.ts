import { readFile } from 'node:fs/promises';

/**
 * Reads a file as UTF-8 without failing on invalid bytes: they become U+FFFD, so validation
 * (not the loader) sees and rejects garbled text and the manifest says why.
 */
export async function readTextFile(absolutePath: string): Promise<string> {
  return new TextDecoder('utf-8').decode(await readFile(absolutePath));
}
