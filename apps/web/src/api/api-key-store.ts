/** Where the browser keeps the API key: for this browser session only (`sessionStorage`). */
const STORAGE_KEY = 'ragship.apiKey';

/** The key the browser sends, and whether the API asked for one it does not have. */
export interface ApiKeyState {
  /** The key sent as `Authorization: Bearer <key>`; null when none is kept. */
  key: string | null;
  /** True after a 401: the pages show the key form until a key is saved. */
  required: boolean;
}

/** The API key, kept for the browser session and watched by the pages (React's `useSyncExternalStore`). */
export interface ApiKeyStore {
  /** The current state; the same object until something changes. */
  getState: () => ApiKeyState;
  subscribe: (listener: () => void) => () => void;
  /** Keeps a key the person entered, and stops asking for one. */
  save: (key: string) => void;
  /** Signs out: forgets the key (the next call that needs one asks again). */
  forget: () => void;
  /** The API refused the call (401): forgets a key it rejected and asks for one. */
  requireKey: () => void;
}

/** An {@link ApiKeyStore} over `storage` (the browser's `sessionStorage` by default). */
export function createApiKeyStore(storage: Storage = sessionStorage): ApiKeyStore {
  let state: ApiKeyState = { key: readKey(storage), required: false };
  const listeners = new Set<() => void>();
  const update = (next: ApiKeyState) => {
    if (next.key === state.key && next.required === state.required) return;
    state = next;
    if (next.key === null) storage.removeItem(STORAGE_KEY);
    else storage.setItem(STORAGE_KEY, next.key);
    for (const listener of listeners) listener();
  };
  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    save: (key) => update({ key: key.trim(), required: false }),
    forget: () => update({ key: null, required: false }),
    requireKey: () => update({ key: null, required: true }),
  };
}

function readKey(storage: Storage): string | null {
  try {
    return storage.getItem(STORAGE_KEY) || null;
  } catch {
    // Storage can be off (privacy settings); the key then lasts as long as the page.
    return null;
  }
}
