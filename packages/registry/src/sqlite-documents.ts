import type { DatabaseSync } from 'node:sqlite';
import { RagshipError, type Manifest, type ManifestDocument } from '@ragship/core';

/**
 * A manifest's documents, one row each. A manifest holds every document's chunk ids; written as
 * one text value, a large corpus's (tens of MB) was copied several times over on its way into
 * SQLite, which made the end of an ingest the peak of its memory. The manifest row keeps
 * `"documents": null` in its place; rows are read back in the order they were written (rowid).
 * No foreign key: the rows are written in the transaction that finishes their version, and a
 * version's row is never deleted.
 */
export const DOCUMENTS_TABLE = `
CREATE TABLE IF NOT EXISTS version_documents (
  kb TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (kb, version, doc_id)
)`;

/** Writes and reads the documents of finished versions' manifests. */
export function sqliteDocuments(database: DatabaseSync) {
  const insert = database.prepare('INSERT INTO version_documents (kb, version, doc_id, document) VALUES (?, ?, ?, ?)');
  const select = database.prepare(
    'SELECT doc_id, document FROM version_documents WHERE kb = ? AND version = ? ORDER BY rowid',
  );
  const readDocuments = (kb: string, version: number) => {
    if (!database.isOpen) {
      throw new RagshipError(
        'REGISTRY_CLOSED',
        `The registry was closed before the documents of ${kb}@v${version} were read from it.`,
      );
    }
    const documents: Record<string, ManifestDocument> = {};
    for (const row of select.iterate(kb, version) as Iterable<{ doc_id: string; document: string }>) {
      documents[row.doc_id] = JSON.parse(row.document) as ManifestDocument;
    }
    return documents;
  };
  return {
    /** The manifest as its row stores it, after writing its documents' rows (inside the caller's transaction). */
    write(kb: string, version: number, manifest: Manifest): string {
      if (typeof manifest.documents !== 'object' || manifest.documents === null) return JSON.stringify(manifest);
      for (const [docId, document] of Object.entries(manifest.documents)) {
        insert.run(kb, version, docId, JSON.stringify(document));
      }
      return JSON.stringify({ ...manifest, documents: null });
    },
    /**
     * `manifest` (parsed from its row) with its documents: from their rows, unless the row held
     * them (written before this table). The rows are read when `documents` is first used, so
     * listing versions (statuses, counts, segments) does not read every version's documents.
     */
    read(kb: string, version: number, manifest: Manifest | null): Manifest | null {
      if (manifest === null || manifest.documents !== null) return manifest;
      let documents: Record<string, ManifestDocument> | undefined;
      return Object.defineProperty({ ...manifest }, 'documents', {
        enumerable: true,
        configurable: true,
        get: () => (documents ??= readDocuments(kb, version)),
        set: (value: Record<string, ManifestDocument>) => (documents = value),
      });
    },
  };
}
