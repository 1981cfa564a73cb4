import type { ManifestDocument } from '@ragship/core';
import type { SourceDocument } from './source-document.js';

/** How the accepted documents differ from the parent version's. */
export interface DocumentChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: string[];
}

/** Compares documents with the parent manifest's, by content hash. */
export function compareDocuments(
  documents: readonly SourceDocument[],
  parent: Readonly<Record<string, ManifestDocument>>,
): DocumentChanges {
  const changes: DocumentChanges = { added: [], changed: [], removed: [], unchanged: [] };
  const current = new Set<string>();
  for (const document of documents) {
    current.add(document.docId);
    const previous = parent[document.docId];
    if (!previous) changes.added.push(document.docId);
    else if (previous.contentHash !== document.contentHash) changes.changed.push(document.docId);
    else changes.unchanged.push(document.docId);
  }
  changes.removed = Object.keys(parent).filter((docId) => !current.has(docId));
  return changes;
}
