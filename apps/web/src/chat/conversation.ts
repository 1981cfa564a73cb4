import type { ChatMeta } from '../api/chat-contract.ts';
import type { ErrorDescription } from '../errors/describe-error.ts';

/** One question and its answer. */
export interface ChatTurn {
  id: string;
  question: string;
  /** The kb asked; null: the server's default. */
  kb: string | null;
  /** The answer's text so far (all of it once `done`). */
  answer: string;
  /** What answered (citations, version, model, trace); null until the stream's `meta` arrives. */
  meta: ChatMeta | null;
  /** `streaming` while tokens arrive; `stopped` when Stop (or leaving the page) cut it short. */
  status: 'streaming' | 'done' | 'stopped' | 'failed';
  /** Why it failed, when `failed`. */
  error: ErrorDescription | null;
  /** The rating sent for this answer; null until one is recorded. */
  feedback: { rating: 1 | -1; comment?: string } | null;
  /** ISO 8601. */
  askedAt: string;
}

/** A conversation kept in the browser. */
export interface Conversation {
  id: string;
  /** From its first question. */
  title: string;
  /** The kb last asked in it; null: the server's default. */
  kb: string | null;
  /** ISO 8601. */
  createdAt: string;
  updatedAt: string;
  turns: ChatTurn[];
}

/** The title of a conversation that starts with `question`: its first line, at most 60 characters. */
export function titleOf(question: string): string {
  const line = question.trim().split('\n')[0]?.trim() ?? '';
  return line.length > 60 ? `${line.slice(0, 59).trimEnd()}…` : line;
}

/** A new conversation about to ask `question`. */
export function createConversation(question: string, kb: string | null, now = new Date()): Conversation {
  const at = now.toISOString();
  return { id: newId(), title: titleOf(question), kb, createdAt: at, updatedAt: at, turns: [] };
}

/** A new turn, streaming. */
export function createTurn(question: string, kb: string | null, now = new Date()): ChatTurn {
  return {
    id: newId(),
    question,
    kb,
    answer: '',
    meta: null,
    status: 'streaming',
    error: null,
    feedback: null,
    askedAt: now.toISOString(),
  };
}

function newId(): string {
  return crypto.randomUUID();
}
