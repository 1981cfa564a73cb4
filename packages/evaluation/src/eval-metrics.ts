/**
 * The metrics of `ragship eval`, as BEIR and SQuAD define them. Rankings are of corpus ids, best
 * first, without repeats; relevance is corpus id → grade (> 0).
 */

/** nDCG@k with graded gains `grade / log2(rank + 2)`. */
export function ndcgAt(ranking: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  const gain = (grade: number, rank: number) => grade / Math.log2(rank + 2);
  const dcg = ranking.slice(0, k).reduce((sum, id, rank) => sum + gain(relevant.get(id) ?? 0, rank), 0);
  const ideal = [...relevant.values()]
    .sort((a, b) => b - a)
    .slice(0, k)
    .reduce((sum, grade, rank) => sum + gain(grade, rank), 0);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** Share of the relevant ids found in the first `k`. */
export function recallAt(ranking: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  if (relevant.size === 0) return 0;
  return ranking.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

/** 1 / rank of the first relevant id within the first `k`; 0 when none is there. */
export function reciprocalRankAt(ranking: readonly string[], relevant: ReadonlyMap<string, number>, k: number): number {
  const first = ranking.slice(0, k).findIndex((id) => relevant.has(id));
  return first < 0 ? 0 : 1 / (first + 1);
}

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** SQuAD token-F1 of an answer against the reference, on normalised tokens. */
export function tokenF1(answer: string, reference: string): number {
  const predicted = normaliseAnswer(answer).split(' ').filter(Boolean);
  const gold = normaliseAnswer(reference).split(' ').filter(Boolean);
  if (predicted.length === 0 || gold.length === 0) return Number(predicted.length === gold.length);
  const counts = new Map<string, number>();
  for (const token of gold) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  if (common === 0) return 0;
  const precision = common / predicted.length;
  const recall = common / gold.length;
  return (2 * precision * recall) / (precision + recall);
}

/** Whether the normalised answer contains the normalised reference. */
export function containsAnswer(answer: string, reference: string): boolean {
  return normaliseAnswer(answer).includes(normaliseAnswer(reference));
}

/** The corpus id a chunk's docId names: a record's id after the last `#` (`corpus.jsonl#42` → `42`), else the path. */
export function corpusIdOf(docId: string): string {
  const hash = docId.lastIndexOf('#');
  return hash < 0 ? docId : docId.slice(hash + 1);
}

/** The mean, 0 for none. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
