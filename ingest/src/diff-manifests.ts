import type { Manifest } from '@ragship/core';
import { sourceChange, type SourceChange } from './sources/source-change.js';

/** Documents added, changed and removed going from one version to another; the `--json` of `ragship diff`. */
export interface ManifestDiff {
  kb: string;
  from: string;
  to: string;
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
  /** How the source changed (the commits, pages or objects), when the newer version recorded its source. */
  source?: SourceChange;
}

/** Compares two manifests by document content hash, and says how their source changed. Lists are sorted by document id. */
export function diffManifests(from: Manifest, to: Manifest): ManifestDiff {
  const diff: ManifestDiff = {
    kb: to.kb,
    from: from.version,
    to: to.version,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
  };
  for (const [docId, document] of Object.entries(to.documents)) {
    const before = from.documents[docId];
    if (!before) diff.added.push(docId);
    else if (before.contentHash !== document.contentHash) diff.changed.push(docId);
    else diff.unchanged++;
  }
  diff.removed = Object.keys(from.documents).filter((docId) => !to.documents[docId]);
  for (const list of [diff.added, diff.changed, diff.removed]) list.sort();
  const source = sourceChange(from.source, to.source);
  return source ? { ...diff, source } : diff;
}
