import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/api-client.ts';
import { isAbortError } from '../api/api-error.ts';
import { streamChat } from '../api/stream-chat.ts';
import { describeError } from '../errors/describe-error.ts';
import { chatHistory } from './chat-history.ts';
import { createTurn } from './conversation.ts';
import type { Conversations } from './use-conversations.ts';

/** Asking, streaming and stopping answers in the active conversation. */
export interface Chat {
  /** Asks a question in the active conversation (a new chat starts one), streaming its answer into a turn. */
  ask: (question: string, kb: string | null) => Promise<void>;
  /** Stops the answer streaming now (the request is aborted, so the server stops generating). */
  stop: () => void;
  /** True while an answer streams. */
  streaming: boolean;
}

/** The chat state: streams answers from `client` into `conversations`. */
export function useChat(client: ApiClient, conversations: Conversations): Chat {
  const controller = useRef<AbortController | null>(null);
  const [streaming, setStreaming] = useState(false);
  const { active, start, addTurn, updateTurn } = conversations;

  // Leaving the page mid-answer stops it rather than leaving a request behind.
  useEffect(() => () => controller.current?.abort(), []);

  const ask = useCallback(
    async (question: string, kb: string | null) => {
      if (controller.current) return;
      const history = chatHistory(active?.turns ?? []);
      const conversationId = active?.id ?? start(question, kb);
      const turn = createTurn(question, kb);
      addTurn(conversationId, turn);
      const update = (change: Parameters<typeof updateTurn>[2]) => updateTurn(conversationId, turn.id, change);
      const abort = new AbortController();
      controller.current = abort;
      setStreaming(true);
      try {
        const request = { question, history, ...(kb ? { kb } : {}) };
        for await (const event of streamChat(client, request, abort.signal)) {
          if (event.type === 'meta') update((current) => ({ ...current, meta: event.meta }));
          else if (event.type === 'token') update((current) => ({ ...current, answer: current.answer + event.text }));
          else update((current) => ({ ...current, answer: event.answer, status: 'done' }));
        }
      } catch (error) {
        if (isAbortError(error)) update((current) => ({ ...current, status: 'stopped' }));
        else update((current) => ({ ...current, status: 'failed', error: describeError(error) }));
      } finally {
        controller.current = null;
        setStreaming(false);
      }
    },
    [client, active, start, addTurn, updateTurn],
  );

  const stop = useCallback(() => controller.current?.abort(), []);
  return { ask, stop, streaming };
}
