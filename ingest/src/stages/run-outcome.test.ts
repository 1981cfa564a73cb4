import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ManifestDocument } from '@ragship/core';
import { sourceFingerprint } from './run-outcome.js';

/** The definition: sha256 of the sorted `<docId>\0<contentHash>` pairs joined by newlines. */
function fingerprintByDefinition(documents: Record<string, ManifestDocument>): string {
  const pairs = Object.entries(documents)
    .map(([docId, document]) => `${docId}\0${document.contentHash}`)
    .sort();
  return createHash('sha256').update(pairs.join('\n'), 'utf8').digest('hex');
}

function documentsOf(docIds: string[]): Record<string, ManifestDocument> {
  return Object.fromEntries(
    docIds.map((docId, at) => [
      docId,
      {
        contentHash: `hash-${at}`,
        source: docId,
        title: docId,
        modifiedAt: '',
        chunks: 1,
        chunkIds: [],
        segment: 's',
        digest: 'd',
      },
    ]),
  );
}

describe('sourceFingerprint', () => {
  it('when docIds are prefixes of one another, then it is the hash of the sorted pairs', () => {
    const documents = documentsOf(['b.md', 'a.jsonl#1', 'a.jsonl#10', 'a.jsonl#1-x', 'é.md', 'a.jsonl']);
    expect(sourceFingerprint(documents)).toBe(fingerprintByDefinition(documents));
  });

  it('when a docId holds a NUL, then the pairs are still sorted whole', () => {
    const documents = documentsOf(['a.jsonl#x', 'a.jsonl#x\0', 'a.jsonl#x\0\0y', 'a.jsonl#xy']);
    expect(sourceFingerprint(documents)).toBe(fingerprintByDefinition(documents));
  });

  it('when a document changes, then the fingerprint does', () => {
    const documents = documentsOf(['a.md', 'b.md']);
    const before = sourceFingerprint(documents);
    documents['b.md'] = { ...(documents['b.md'] as ManifestDocument), contentHash: 'changed' };
    expect(sourceFingerprint(documents)).not.toBe(before);
  });
});
