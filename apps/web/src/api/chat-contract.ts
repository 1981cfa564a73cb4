/**
 * The JSON of `POST /v1/chat` and `POST /v1/feedback` as the chat page uses it (the server's
 * answer types live with its retrieval code; these are the fields the page reads).
 */

/** One source the answer may cite as `[n]`. */
export interface ChatCitation {
  /** The `[n]` the answer uses for this source. */
  n: number;
  chunkId: string;
  docId: string;
  source: string;
  title: string;
  /** Retrieval score, higher is closer. */
  score: number;
  /** The start of the chunk's text, at most ~240 characters. */
  snippet: string;
  /** The chunk's whole text; absent from servers older than the browser app (the snippet stands in). */
  text?: string;
}

/** What the answer is based on: the `meta` event of a streamed answer. */
export interface ChatMeta {
  citations: ChatCitation[];
  kb: string;
  /** `v<N>`, e.g. `v7`. */
  indexVersion: string;
  environment: string;
  model: string;
  promptVersion: string;
  /** The answer's trace, for feedback and the "view trace" link. */
  traceId: string;
}

/** The JSON answer of `POST /v1/chat` without `stream`. */
export interface ChatAnswer extends ChatMeta {
  answer: string;
}

/** One earlier message of the conversation, sent with a follow-up question. */
export interface ChatHistoryMessage {
  role: 'user' | 'assistant';
  content: string;
}

/** Body of `POST /v1/chat` (the page always asks for a stream). */
export interface ChatRequest {
  question: string;
  /** Omitted: the server's default kb. */
  kb?: string;
  history: ChatHistoryMessage[];
}

/** Body of `POST /v1/feedback`. */
export interface FeedbackRequest {
  traceId: string;
  /** 1: helpful; -1: not helpful. */
  rating: 1 | -1;
  comment?: string;
}
