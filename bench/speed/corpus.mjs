// The corpus the speed bench ingests: SciFact's records as ragship reads them (one JSON Lines file
// in a directory), a subset for --quick, synthetic scale-ups, and deterministic edits.

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Writes `records` as `<dir>/corpus.jsonl` (what `ragship ingest <dir>` reads) and returns `dir`. */
export function writeCorpus(dir, records) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'corpus.jsonl'), records.map((record) => JSON.stringify(record)).join('\n') + '\n');
  return dir;
}

/**
 * `factor` copies of every record, each copy with its own id and a distinct first sentence, so no
 * copy is a duplicate (ragship rejects duplicate documents) and each is chunked and embedded anew.
 */
export function scaleUp(records, factor) {
  if (factor === 1) return records;
  return Array.from({ length: factor }, (_, copy) =>
    records.map((record) => ({
      ...record,
      _id: `${record._id}-x${copy}`,
      text: `Replica ${copy} of record ${record._id}. ${record.text}`,
    })),
  ).flat();
}

/**
 * The corpus after round `round` of changes: `share` of the records edited (a sentence appended)
 * and another `share` deleted, chosen by a stride so every round touches different records.
 */
export function changeRound(records, round, share = 0.01) {
  const step = Math.max(1, Math.round(1 / share));
  const edited = new Set();
  const deleted = new Set();
  records.forEach((record, at) => {
    if (at % step === (2 * round) % step) edited.add(record._id);
    if (at % step === (2 * round + 1) % step) deleted.add(record._id);
  });
  const next = records
    .filter((record) => !deleted.has(record._id))
    .map((record) =>
      edited.has(record._id) ? { ...record, text: `${record.text} Revised in round ${round}.` } : record,
    );
  return { records: next, edited: edited.size, deleted: deleted.size };
}
