import { errorMessage } from '@ragship/core';
import type { LoadedItem } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { createJsonRecordReader, isRecord, jsonTypeOf } from './json-record-reader.js';
import { readTextFile } from './read-text-file.js';

/**
 * Loads a `.json` file, read whole (JSON files are expected to be small): an array of records
 * yields one `json` document per record, an object with a `text` field is one record (see
 * {@link createJsonRecordReader}). Any other JSON (a `package.json`, a list of strings) is skipped
 * with a reason; a file that is not JSON yields one `invalid` item.
 */
export async function* jsonLoader(file: FileToLoad): AsyncGenerator<LoadedItem> {
  let value: unknown;
  try {
    value = JSON.parse(await readTextFile(file.absolutePath));
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error;
    yield { kind: 'invalid', docId: file.relativePath, reason: `not valid JSON: ${errorMessage(error)}` };
    return;
  }
  const notRecordsReason = reasonNotRecords(value);
  if (notRecordsReason !== undefined) {
    yield { kind: 'skipped', skipped: { path: file.relativePath, reason: notRecordsReason } };
    return;
  }
  const readRecord = createJsonRecordReader(file);
  if (!Array.isArray(value)) {
    yield readRecord(value, { fragment: 'record', description: 'the record' });
    return;
  }
  for (const [index, element] of value.entries()) {
    yield readRecord(element, { fragment: `record-${index + 1}`, description: `record ${index + 1}` });
  }
}

/** Why a parsed JSON file holds no records, or `undefined` when it does. */
function reasonNotRecords(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    if (value.some(isRecord)) return undefined;
    return value.length === 0 ? 'JSON array is empty: no records' : 'JSON array holds no objects: not records';
  }
  if (isRecord(value)) return 'text' in value ? undefined : 'JSON object without a "text" field: not a record';
  return `JSON is ${jsonTypeOf(value)}: not a record or an array of records`;
}
