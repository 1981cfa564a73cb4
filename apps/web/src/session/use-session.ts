import { useEffect, useState } from 'react';
import type { SessionInfo } from '@ragship/server';
import { useApi, useApiKey } from '../api/api-context.tsx';
import { isAbortError } from '../api/api-error.ts';
import { describeError, type ErrorDescription } from '../errors/describe-error.ts';

/** `GET /v1/session` as the chat page holds it. */
export interface SessionState {
  session: SessionInfo | null;
  /** Why it could not be read (a 401 shows the key form instead); null otherwise. */
  error: ErrorDescription | null;
  /** Reads it again. */
  retry: () => void;
}

/** Who the caller is and what the API serves; read again whenever the API key changes. */
export function useSession(): SessionState {
  const { client } = useApi();
  const { key, required } = useApiKey();
  const [attempt, setAttempt] = useState(0);
  const [state, setState] = useState<Omit<SessionState, 'retry'>>({ session: null, error: null });

  useEffect(() => {
    if (required) return;
    const abort = new AbortController();
    setState({ session: null, error: null });
    client.get<SessionInfo>('/v1/session', abort.signal).then(
      (session) => setState({ session, error: null }),
      (error: unknown) => {
        if (!isAbortError(error)) setState({ session: null, error: describeError(error) });
      },
    );
    return () => abort.abort();
  }, [client, key, required, attempt]);

  return { ...state, retry: () => setAttempt((count) => count + 1) };
}
