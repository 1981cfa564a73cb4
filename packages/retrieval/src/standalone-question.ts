import type { ChatTurn } from './answer-prompt.js';
import type { Answerer } from './answerer.js';

/**
 * The question to retrieve and answer with: as asked when there is no history; rewritten to
 * stand alone by an answerer that can condense (an LLM); else the last user turn and the question
 * together, so a follow-up such as "and how do I undo it?" still finds its topic.
 */
export async function standaloneQuestion(
  answerer: Answerer,
  request: { question: string; history?: readonly ChatTurn[] | undefined; signal?: AbortSignal | undefined },
): Promise<string> {
  const history = request.history ?? [];
  if (history.length === 0) return request.question;
  if (answerer.condense) return answerer.condense({ question: request.question, history, signal: request.signal });
  const lastUser = history.findLast((turn) => turn.role === 'user');
  return lastUser ? `${lastUser.content.slice(0, 1000)} ${request.question}` : request.question;
}
