import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { errorMessage } from '@ragship/core';
import type { LoadedItem } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { createJsonRecordReader } from './json-record-reader.js';

/**
 * Loads a JSON Lines file (`.jsonl`, `.ndjson`) as one `json` document per record (see
 * {@link createJsonRecordReader}), streamed line by line: the file is never held in memory whole.
 * Blank lines are skipped; a line that is not JSON yields `invalid` with docId `<path>#line-<n>`.
 */
export async function* jsonLinesLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  const readRecord = createJsonRecordReader(file);
  // The stream's UTF-8 decoder turns invalid bytes into U+FFFD, like the other text loaders.
  const input = createReadStream(file.absolutePath, { encoding: 'utf8' });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const rawLine of lines) {
      lineNumber += 1;
      const line = lineNumber === 1 ? rawLine.replace(/^\uFEFF/, '') : rawLine;
      if (line.trim() === '') continue;
      const location = { fragment: `line-${lineNumber}`, description: `line ${lineNumber}` };
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        const reason = `${location.description} is not valid JSON: ${errorMessage(error)}`;
        yield { kind: 'invalid', docId: `${file.relativePath}#${location.fragment}`, reason };
        continue;
      }
      yield readRecord(value, location);
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
