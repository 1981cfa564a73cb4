// Reading the dev data sets (../shared/data, see its README) and the ranking metric the benches share.

import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function readJsonLines(file) {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/**
 * SciFact's queries that have labels in qrels/train.tsv, each with its relevant documents as
 * docId (`corpus.jsonl#<id>`, as ragship names records) → grade.
 */
export async function sciFactLabelledQueries(dir) {
  const labels = new Map();
  const lines = (await readFile(path.join(dir, 'qrels', 'train.tsv'), 'utf8')).trim().split('\n').slice(1);
  for (const line of lines) {
    const [queryId, corpusId, score] = line.split('\t');
    if (Number(score) <= 0) continue;
    if (!labels.has(queryId)) labels.set(queryId, new Map());
    labels.get(queryId).set(`corpus.jsonl#${corpusId}`, Number(score));
  }
  const queries = await readJsonLines(path.join(dir, 'queries.jsonl'));
  return queries
    .filter((query) => labels.has(query._id))
    .map((query) => ({ ...query, relevant: labels.get(query._id) }));
}

/** nDCG@k of a ranking of docIds against graded relevance: the same function `ragship eval` uses. */
export { ndcgAt } from '@ragship/evaluation';
