import { randomBytes } from 'node:crypto';
import { retrieve, toCitations, type Answerer, type Citation } from '@ragship/retrieval';
import type { ServedIndex } from './served-index.js';

/** The body of a `POST /v1/chat` answer (without `environment`, added by the route). */
export interface ChatAnswer {
  answer: string;
  citations: Citation[];
  kb: string;
  indexVersion: string;
  model: string;
  traceId: string;
}

/** Retrieves the `k` best chunks of the served version and answers from them with citations. */
export async function answerQuestion(
  index: ServedIndex,
  answerer: Answerer,
  request: { question: string; k: number; signal?: AbortSignal },
): Promise<ChatAnswer> {
  const chunks = await retrieve(index, request.question, request.k);
  const { text } = await answerer.answer({ question: request.question, chunks, signal: request.signal });
  return {
    answer: text,
    citations: toCitations(chunks),
    kb: index.kb,
    indexVersion: index.manifest.version,
    model: answerer.id,
    traceId: randomBytes(16).toString('hex'),
  };
}
