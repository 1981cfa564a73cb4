/**
 * The JSON of `POST /v1/chat` and `POST /v1/feedback` as the chat page uses it: the answer types
 * are the server's own, the request bodies the part of them the page sends.
 */
import type { AnswerMeta, ChatAnswer as ServedAnswer, Citation } from '@ragship/server';

/** One source the answer may cite as `[n]`. */
export type ChatCitation = Citation;

/** What the answer is based on: the `meta` event of a streamed answer. */
export type ChatMeta = AnswerMeta & { environment: string };

/** The JSON answer of `POST /v1/chat` without `stream`. */
export type ChatAnswer = ServedAnswer & { environment: string };

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
