import path from 'node:path';

/** Reason for the query and label files of a BEIR retrieval data set. */
export const BEIR_EVALUATION_REASON = 'BEIR evaluation queries/labels, not corpus';
/** Reason for the questions file of a question-answering data set. */
export const QA_EVALUATION_REASON = 'QA evaluation questions, not corpus';

/**
 * The evaluation files among `relativePaths` (`/`-separated), with why they are not corpus:
 * beside a `corpus.jsonl`, a BEIR data set's `queries.jsonl` and everything under `qrels/`;
 * beside a `documents.jsonl`, a QA data set's `questions.jsonl`.
 */
export function findEvaluationFiles(relativePaths: readonly string[]): Map<string, string> {
  const present = new Set(relativePaths);
  const directories = new Set(relativePaths.map((relativePath) => path.posix.dirname(relativePath)));
  const reasons = new Map<string, string>();
  for (const directory of directories) {
    const inDirectory = (name: string): string => (directory === '.' ? name : `${directory}/${name}`);
    if (present.has(inDirectory('corpus.jsonl')) && present.has(inDirectory('queries.jsonl'))) {
      reasons.set(inDirectory('queries.jsonl'), BEIR_EVALUATION_REASON);
      const labels = inDirectory('qrels/');
      for (const relativePath of relativePaths) {
        if (relativePath.startsWith(labels)) reasons.set(relativePath, BEIR_EVALUATION_REASON);
      }
    }
    if (present.has(inDirectory('documents.jsonl')) && present.has(inDirectory('questions.jsonl'))) {
      reasons.set(inDirectory('questions.jsonl'), QA_EVALUATION_REASON);
    }
  }
  return reasons;
}
