export { retrieve, type SearchTarget } from './retriever.js';
export { toCitations, type Citation } from './citation.js';
export type { Answerer, AnswerRequest } from './answerer.js';
export {
  createExtractiveAnswerer,
  splitSentences,
  DONT_KNOW_ANSWER,
  type ExtractiveAnswererOptions,
} from './extractive-answerer.js';
export { createAnswerer, answererProviders } from './answerer-registry.js';
