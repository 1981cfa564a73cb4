export { readEvalDataset, type AnswerQuestion, type EvalDataset, type LabelledQuery } from './eval-dataset.js';
export {
  containsAnswer,
  corpusIdOf,
  mean,
  ndcgAt,
  normaliseAnswer,
  recallAt,
  reciprocalRankAt,
  tokenF1,
} from './eval-metrics.js';
export {
  ADVISORY_METRICS,
  BEIR_CHUNKS,
  QA_CHUNKS,
  runEval,
  type EvalChunk,
  type EvalResult,
  type EvalTarget,
  type QueryResult,
} from './run-eval.js';
