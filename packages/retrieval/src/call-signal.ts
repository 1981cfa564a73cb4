import { AsyncLocalStorage } from 'node:async_hooks';

const current = new AsyncLocalStorage<AbortSignal>();

/**
 * Runs `call` (a model call: a chain's `invoke` or the start of its `stream`) with `signal` as
 * the signal of every HTTP request it makes through {@link fetchInCall}.
 */
export function withCallSignal<T>(signal: AbortSignal, call: () => T): T {
  return current.run(signal, call);
}

/**
 * `fetch` bound to the signal of the model call that makes the request ({@link withCallSignal}),
 * for clients that take no signal per call, such as ollama-js under LangChain's `ChatOllama`: it
 * cancels only through a client-wide `abort()`, which would end every caller's stream at once and
 * never cancels a request still waiting for its first line. The client's own signal is left out
 * for that reason: a request ends when its own call is aborted, and never because another one was.
 */
export const fetchInCall: typeof fetch = (input, init) => fetch(input, { ...init, signal: current.getStore() ?? null });
