import type { ChatHistoryMessage } from '../api/chat-contract.ts';
import type { ChatTurn } from './conversation.ts';

/** Earlier turns sent with a follow-up (the API takes at most 50 messages). */
export const MAX_HISTORY_TURNS = 10;

/** The API's limit on one history message, in characters. */
const MAX_MESSAGE_LENGTH = 8000;

/** The history a follow-up sends: the last answered turns as user and assistant messages, oldest first. */
export function chatHistory(turns: readonly ChatTurn[]): ChatHistoryMessage[] {
  return turns
    .filter((turn) => turn.answer.length > 0 && (turn.status === 'done' || turn.status === 'stopped'))
    .slice(-MAX_HISTORY_TURNS)
    .flatMap((turn): ChatHistoryMessage[] => [
      { role: 'user', content: turn.question.slice(0, MAX_MESSAGE_LENGTH) },
      { role: 'assistant', content: turn.answer.slice(0, MAX_MESSAGE_LENGTH) },
    ]);
}
