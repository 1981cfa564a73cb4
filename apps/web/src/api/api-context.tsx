import { createContext, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { ApiClient } from './api-client.ts';
import type { ApiKeyState, ApiKeyStore } from './api-key-store.ts';

/** The API as components reach it: the client and the key it sends. */
export interface ApiContextValue {
  client: ApiClient;
  keys: ApiKeyStore;
}

const ApiContext = createContext<ApiContextValue | null>(null);

/** Gives the components below it the API client and key store (a page's entry creates them). */
export function ApiProvider({ value, children }: { value: ApiContextValue; children: ReactNode }) {
  return <ApiContext value={value}>{children}</ApiContext>;
}

/** The API client and key store of the page. */
export function useApi(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi needs an <ApiProvider> above it');
  return value;
}

/** The API key state, re-rendering when a key is saved, forgotten or asked for. */
export function useApiKey(): ApiKeyState {
  const { keys } = useApi();
  return useSyncExternalStore(keys.subscribe, keys.getState);
}
