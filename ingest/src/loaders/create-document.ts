import { pathToFileURL } from 'node:url';
import type { MetadataValue } from '@ragship/core';
import { documentContentHash, type DocumentFormat, type SourceDocument } from '../source-document.js';
import type { FileToLoad } from './file-loader.js';
import { normaliseText } from './normalise-text.js';

/** What a loader decides about a document; the file supplies the rest. */
export interface DocumentFields {
  title: string;
  format: DocumentFormat;
  /** Raw text; line endings and a byte-order mark are normalised here. */
  text: string;
  /** Default `{}`. */
  metadata?: Record<string, MetadataValue>;
  /** For a record or page: appended to the file's path as `#<docIdFragment>`. */
  docIdFragment?: string;
  /** For a record or page: appended to the file's URI as `#<sourceFragment>`, already URI-encoded. */
  sourceFragment?: string;
}

/** A {@link SourceDocument} of `file`: ids and source from its path (or the address its source gave), `modifiedAt` from its mtime, the content hash. */
export function createDocument(file: FileToLoad, fields: DocumentFields): SourceDocument {
  const text = normaliseText(fields.text);
  const metadata = fields.metadata ?? {};
  const fileUrl = file.sourceUrl ?? pathToFileURL(file.absolutePath).href;
  return {
    docId: fields.docIdFragment === undefined ? file.relativePath : `${file.relativePath}#${fields.docIdFragment}`,
    source: fields.sourceFragment === undefined ? fileUrl : `${fileUrl}#${fields.sourceFragment}`,
    title: fields.title,
    format: fields.format,
    text,
    contentHash: documentContentHash(fields.title, text, metadata),
    modifiedAt: file.modifiedAt,
    metadata,
  };
}
