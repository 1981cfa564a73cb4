import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createConversation, type ChatTurn, type Conversation } from './conversation.ts';
import { loadConversations, saveConversations } from './conversation-store.ts';

/** The conversations of the chat page and the one on screen. */
export interface Conversations {
  /** Most recent first. */
  list: Conversation[];
  /** The conversation on screen; null for a new chat that has not asked anything yet. */
  active: Conversation | null;
  /** Shows a new, empty chat. */
  newChat: () => void;
  select: (id: string) => void;
  /** Starts a conversation with its first question, makes it the active one and answers its id. */
  start: (question: string, kb: string | null) => string;
  /** Adds a turn to a conversation (which becomes the most recent). */
  addTurn: (conversationId: string, turn: ChatTurn) => void;
  /** Changes one turn of a conversation. */
  updateTurn: (conversationId: string, turnId: string, change: (turn: ChatTurn) => ChatTurn) => void;
}

/** While an answer streams, the list is written to storage at most this often (milliseconds). */
const SAVE_WHILE_STREAMING_MS = 1000;

/** Conversations kept in `storage` (the browser's `localStorage` by default). */
export function useConversations(storage: Storage = localStorage): Conversations {
  const [list, setList] = useState(() => loadConversations(storage));
  const [activeId, setActiveId] = useState<string | null>(null);
  useSaved(storage, list);

  const start = useCallback((question: string, kb: string | null) => {
    const conversation = createConversation(question, kb);
    setList((current) => [conversation, ...current]);
    setActiveId(conversation.id);
    return conversation.id;
  }, []);

  const change = useCallback((id: string, update: (conversation: Conversation) => Conversation) => {
    setList((current) => current.map((conversation) => (conversation.id === id ? update(conversation) : conversation)));
  }, []);

  const addTurn = useCallback(
    (conversationId: string, turn: ChatTurn) =>
      change(conversationId, (conversation) => ({
        ...conversation,
        kb: turn.kb,
        updatedAt: turn.askedAt,
        turns: [...conversation.turns, turn],
      })),
    [change],
  );

  const updateTurn = useCallback(
    (conversationId: string, turnId: string, update: (turn: ChatTurn) => ChatTurn) =>
      change(conversationId, (conversation) => ({
        ...conversation,
        turns: conversation.turns.map((turn) => (turn.id === turnId ? update(turn) : turn)),
      })),
    [change],
  );

  const sorted = useMemo(() => [...list].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt)), [list]);
  return {
    list: sorted,
    active: list.find((conversation) => conversation.id === activeId) ?? null,
    newChat: useCallback(() => setActiveId(null), []),
    select: setActiveId,
    start,
    addTurn,
    updateTurn,
  };
}

/** Writes the list to storage when it changes: at once, or at most every second while an answer streams. */
function useSaved(storage: Storage, list: Conversation[]): void {
  const lastSave = useRef(0);
  useEffect(() => {
    const save = () => {
      saveConversations(storage, list);
      lastSave.current = Date.now();
    };
    const streaming = list.some((conversation) => conversation.turns.some((turn) => turn.status === 'streaming'));
    if (!streaming) return save();
    const timer = setTimeout(save, Math.max(0, lastSave.current + SAVE_WHILE_STREAMING_MS - Date.now()));
    return () => clearTimeout(timer);
  }, [storage, list]);
}
