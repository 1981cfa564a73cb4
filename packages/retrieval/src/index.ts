export { openServedIndex, type ServedIndex } from './served-index.js';
export type {
  AnswerMeta,
  AnswerObservation,
  AnswerOptions,
  AnswerSink,
  AnswerStart,
  ChatAnswer,
  RetrievalObservation,
  RetrieveOptions,
  ScreenObservation,
  ServingOptions,
} from './serving-options.js';
export {
  ScreenRefusedError,
  type ScreenCheck,
  type ScreenFinding,
  type ScreenTarget,
} from './screening/screen-refusal.js';
export { findToxicity } from './screening/find-toxicity.js';
export {
  neutralizeLinks,
  linkPolicyOf,
  IMAGE_REMOVED,
  LINK_REMOVED,
  type LinkMode,
  type LinkPolicy,
} from './screening/neutralize-links.js';
export { neutralizeMarkup } from './screening/neutralize-markup.js';
export { isUntrustedChunk } from './untrusted-chunk.js';
export { retrieve, denseWeight, type Retrieval, type RetrievedChunk, type SearchTarget } from './retriever.js';
/** The config's defaults, re-exported for callers of {@link retrieve}; they are defined once, in `@ragship/core`. */
export { DEFAULT_RETRIEVAL } from '@ragship/core';
export { openSearchTarget } from './search-target.js';
export { toCitations, type Citation } from './citation.js';
export type { Answerer, AnswerRequest } from './answerer.js';
export { createExtractiveAnswerer, DONT_KNOW_ANSWER, type ExtractiveAnswererOptions } from './extractive-answerer.js';
export { answerSpan } from './answer-span.js';
export { splitSentences, stripReferences } from './sentences.js';
export { createAnswerer, answererProviders, DEFAULT_GENERATION_LIMITS } from './answerer-registry.js';
export { createChatAnswerer } from './chat-answerer.js';
export { createChatModel, chatModelProviders, type GenerationLimits, type ChatProviderSettings } from './chat-model.js';
export {
  ANSWER_PROMPT_TEXT,
  ANSWER_PROMPT_VERSION,
  CONDENSE_PROMPT_VERSION,
  answerPrompt,
  condensePrompt,
  formatConversation,
  formatSources,
  type ChatTurn,
} from './answer-prompt.js';
export {
  createAnswerJudge,
  parseJudgement,
  JUDGE_PROMPT_VERSION,
  type AnswerJudge,
  type JudgedAnswer,
} from './answer-judge.js';
