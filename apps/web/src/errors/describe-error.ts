import { ApiError } from '../api/api-error.ts';

/**
 * A failure as a person needs it, JSON-safe so a failed chat turn can keep it: never a stack
 * or a raw body. `rate-limited` counts down to `retryAt`; the rest read as one sentence.
 */
export type ErrorDescription =
  | {
      kind: 'rate-limited';
      /** When trying again makes sense, epoch milliseconds; null when the API did not say. */
      retryAt: number | null;
    }
  | { kind: 'key-required' }
  | {
      kind: 'message';
      text: string;
      /** The API's request id, for an operator reading its logs. */
      requestId: string | null;
    };

/** Describes any failure of a call to the API (or of the page itself) for people. */
export function describeError(error: unknown, now = Date.now()): ErrorDescription {
  if (!(error instanceof ApiError)) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'message', text: `Something went wrong in this page: ${detail}`, requestId: null };
  }
  if (error.status === 429) {
    const seconds = error.retryAfterSeconds;
    return { kind: 'rate-limited', retryAt: seconds === null ? null : now + seconds * 1000 };
  }
  if (error.status === 401) return { kind: 'key-required' };
  if (error.code === 'NETWORK_ERROR') return { kind: 'message', text: 'Cannot reach the ragship API', requestId: null };
  const text = error.status === 503 ? `The service is unavailable: ${error.message}` : error.message;
  return { kind: 'message', text, requestId: error.requestId };
}

/** The sentence of a description at `now` (a rate limit counts down). */
export function errorText(description: ErrorDescription, now = Date.now()): string {
  switch (description.kind) {
    case 'rate-limited': {
      if (description.retryAt === null) return 'Too many requests — try again in a minute';
      const seconds = Math.ceil((description.retryAt - now) / 1000);
      return seconds > 0
        ? `Too many requests — try again in ${seconds} s`
        : 'Too many requests — you can try again now';
    }
    case 'key-required':
      return 'The API needs a key: enter one to continue';
    case 'message':
      return description.text;
  }
}
