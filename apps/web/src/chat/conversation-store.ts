import type { Conversation } from './conversation.ts';

/** Where conversations are kept: `localStorage`, under this key. */
export const CONVERSATIONS_KEY = 'ragship.conversations.v1';

/** How many conversations the browser keeps; the least recently used go first. */
export const MAX_CONVERSATIONS = 50;

/**
 * The kept conversations, most recent first. Anything unreadable counts as none; an answer that
 * was streaming when the page went away is kept as stopped.
 */
export function loadConversations(storage: Storage): Conversation[] {
  try {
    const parsed = JSON.parse(storage.getItem(CONVERSATIONS_KEY) ?? '[]') as unknown;
    if (!Array.isArray(parsed)) return [];
    return (parsed as Conversation[])
      .filter((conversation) => typeof conversation?.id === 'string' && Array.isArray(conversation.turns))
      .map((conversation) => ({
        ...conversation,
        turns: conversation.turns.map((turn) => (turn.status === 'streaming' ? { ...turn, status: 'stopped' } : turn)),
      }));
  } catch {
    return [];
  }
}

/**
 * Keeps the {@link MAX_CONVERSATIONS} most recent conversations; when the storage is full (long
 * answers cite whole chunks), drops the oldest until they fit. Answers what was kept.
 */
export function saveConversations(storage: Storage, conversations: readonly Conversation[]): Conversation[] {
  let kept = [...conversations]
    .filter((conversation) => conversation.turns.length > 0)
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .slice(0, MAX_CONVERSATIONS);
  for (;;) {
    try {
      storage.setItem(CONVERSATIONS_KEY, JSON.stringify(kept));
      return kept;
    } catch (error) {
      if (kept.length <= 1 || !isQuotaExceeded(error)) return kept;
      kept = kept.slice(0, -1);
    }
  }
}

function isQuotaExceeded(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
}
