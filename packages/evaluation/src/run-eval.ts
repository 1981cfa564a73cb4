import pMap from 'p-map';
import type { EvalDataset } from './eval-dataset.js';
import { containsAnswer, corpusIdOf, mean, ndcgAt, recallAt, reciprocalRankAt, tokenF1 } from './eval-metrics.js';

/** A retrieved chunk, as much of it as the metrics read. */
export interface EvalChunk {
  docId: string;
  text: string;
}

/** The system under evaluation: the API's retrieval and answering, bound to one version. */
export interface EvalTarget {
  retrieve(query: string, k: number): Promise<EvalChunk[]>;
  /** The chat answer's text, citation markers included (they are removed before scoring). */
  answer(question: string): Promise<string>;
  /** LLM-judged scores of an answer (0–1), when a judge is configured; null when it gave none. */
  judge?(question: string, answer: string): Promise<{ faithfulness: number; relevance: number } | null>;
}

/** Metrics an LLM judges: reported, kept in the manifest, never gated on. */
export const ADVISORY_METRICS = ['judge.faithfulness', 'judge.relevance'] as const;

/** One query's result, for `--per-query`. */
export interface QueryResult {
  id: string;
  metrics: Record<string, number>;
  /** Corpus ids retrieved, best first (the first 10), or the answer given. */
  retrieved?: string[];
  answer?: string;
}

/** What `ragship eval` measured. */
export interface EvalResult {
  kind: EvalDataset['kind'];
  /** Queries (BEIR, with labels) or questions (QA) measured. */
  queries: number;
  metrics: Record<string, number>;
  /** With a judge: which metrics are its (advisory) and how many answers it scored. */
  advisory?: { metrics: string[]; judged: number };
  perQuery?: QueryResult[];
}

/** Chunks retrieved per BEIR query: their documents make the ranking recall@100 is read from. */
export const BEIR_CHUNKS = 100;
/** Chunks per QA question: what the API's chat sees by default. */
export const QA_CHUNKS = 5;

/**
 * Runs every query of the dataset against the target and averages the metrics (rounded to 4
 * places). BEIR: nDCG@10, recall@10, recall@100 (when the target may return 100 chunks) and
 * MRR@10 over documents ranked by their best chunk. QA: gold-document recall@5, passage
 * recall@5 (a chunk holds the answer span) and, from the chat answer, token-F1 and containment.
 * Deterministic for the same version and settings.
 */
export async function runEval(
  dataset: EvalDataset,
  target: EvalTarget,
  options: {
    perQuery?: boolean;
    concurrency?: number;
    /** The most chunks the target returns for one query (an API caps `k`); recall@100 needs 100. Default 100. */
    maxChunks?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): Promise<EvalResult> {
  const beirChunks = Math.min(BEIR_CHUNKS, options.maxChunks ?? BEIR_CHUNKS);
  const jobs: (() => Promise<QueryResult>)[] =
    dataset.kind === 'beir'
      ? dataset.queries.map((query) => async () => {
          const chunks = await target.retrieve(query.text, beirChunks);
          const ranking = [...new Set(chunks.map((chunk) => corpusIdOf(chunk.docId)))];
          return {
            id: query.id,
            metrics: {
              'ndcg@10': ndcgAt(ranking, query.relevant, 10),
              'recall@10': recallAt(ranking, query.relevant, 10),
              ...(beirChunks >= 100 ? { 'recall@100': recallAt(ranking, query.relevant, 100) } : {}),
              'mrr@10': reciprocalRankAt(ranking, query.relevant, 10),
            },
            retrieved: ranking.slice(0, 10),
          };
        })
      : dataset.questions.map((question) => async () => {
          const chunks = await target.retrieve(question.question, QA_CHUNKS);
          const answer = (await target.answer(question.question)).replace(/\s*\[\d+\]/g, '');
          const judged = target.judge ? await target.judge(question.question, answer) : null;
          return {
            id: question.id,
            metrics: {
              'goldDocumentRecall@5': Number(chunks.some((chunk) => corpusIdOf(chunk.docId) === question.documentId)),
              'passageRecall@5': Number(chunks.some((chunk) => chunk.text.includes(question.answer))),
              tokenF1: tokenF1(answer, question.answer),
              containment: Number(containsAnswer(answer, question.answer)),
              ...(judged ? { 'judge.faithfulness': judged.faithfulness, 'judge.relevance': judged.relevance } : {}),
            },
            answer,
          };
        });

  let done = 0;
  // p-map starts no further query once one fails, and keeps the results in the queries' order.
  const results = await pMap(
    jobs,
    async (job) => {
      const result = await job();
      options.onProgress?.(++done, jobs.length);
      return result;
    },
    { concurrency: options.concurrency ?? 4 },
  );

  // A judge may pass on a question; its metrics average over the questions it scored.
  const names = [...new Set(results.flatMap((result) => Object.keys(result.metrics)))];
  const metrics = Object.fromEntries(
    names.map((name) => [
      name,
      round(
        mean(
          results.flatMap((result) => {
            const value = result.metrics[name];
            return value === undefined ? [] : [value];
          }),
        ),
      ),
    ]),
  );
  const judged = results.filter((result) => 'judge.faithfulness' in result.metrics).length;
  return {
    kind: dataset.kind,
    queries: results.length,
    metrics,
    ...(target.judge ? { advisory: { metrics: [...ADVISORY_METRICS], judged } } : {}),
    ...(options.perQuery ? { perQuery: results } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
