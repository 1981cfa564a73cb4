import type { MetadataValue } from '@ragship/core';
import type { LoadedItem } from '../source-document.js';
import { createDocument } from './create-document.js';
import type { FileToLoad } from './file-loader.js';

/** Where a record sits in its file, for ids and reasons when it has no usable id. */
export interface RecordLocation {
  /** docId fragment of an invalid record without an id, e.g. `line-3`. */
  fragment: string;
  /** For reasons, e.g. `line 3`. */
  description: string;
}

/** Turns the parsed records of one JSON or JSON Lines file into documents, one call per record. */
export type JsonRecordReader = (value: unknown, location: RecordLocation) => LoadedItem;

/**
 * A reader for the records of `file`: a record is an object with an id (`id`, else `_id`; a
 * string or number), a string `text`, and an optional `title` (else the id). Other fields become
 * metadata: scalars as they are, objects and arrays JSON-encoded, `null` and empty ones dropped. docId and source
 * are the file's plus `#<id>`. A record without an id or text, or whose id an earlier record of
 * the file already has, yields an `invalid` item.
 */
export function createJsonRecordReader(file: FileToLoad): JsonRecordReader {
  const firstLocationOfId = new Map<string, string>();
  const invalid = (fragment: string, reason: string): LoadedItem => ({
    kind: 'invalid',
    docId: `${file.relativePath}#${fragment}`,
    reason,
  });

  return (value, location) => {
    if (!isRecord(value)) {
      return invalid(location.fragment, `${location.description} is not a JSON object but ${jsonTypeOf(value)}`);
    }
    const id = recordId(value);
    if (id === undefined) {
      return invalid(
        location.fragment,
        `${location.description} has no "id" or "_id" (a non-empty string or a number)`,
      );
    }
    const firstLocation = firstLocationOfId.get(id);
    if (firstLocation !== undefined) {
      return invalid(id, `duplicate record id "${id}" at ${location.description}: first at ${firstLocation}`);
    }
    firstLocationOfId.set(id, location.description);
    const text = value['text'];
    if (typeof text !== 'string') {
      return invalid(id, `record "${id}" has no string "text" field (${location.description})`);
    }
    const title = value['title'];
    const document = createDocument(file, {
      title: typeof title === 'string' && title.trim() !== '' ? title.trim() : id,
      format: 'json',
      text,
      metadata: recordMetadata(value),
      docIdFragment: id,
      sourceFragment: encodeURIComponent(id),
    });
    return { kind: 'document', document };
  };
}

/** Whether a parsed JSON value is an object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `an array`, `a string`, `null`, …: for reasons. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function recordId(record: Record<string, unknown>): string | undefined {
  const id = record['id'] ?? record['_id'];
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.trim() !== '') return id;
  return undefined;
}

/** An empty object or array carries nothing worth a metadata key (every BEIR record has `"metadata": {}`). */
function isEmpty(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

/** Every field but the id used, `text` and `title` (and empty objects or arrays); the other of `id`/`_id` is kept. */
function recordMetadata(record: Record<string, unknown>): Record<string, MetadataValue> {
  const idField = record['id'] !== undefined && record['id'] !== null ? 'id' : '_id';
  const metadata: Record<string, MetadataValue> = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === idField || key === 'text' || key === 'title' || value === null || isEmpty(value)) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') metadata[key] = value;
    else metadata[key] = JSON.stringify(value);
  }
  return metadata;
}
