import { QueryClientProvider } from '@tanstack/react-query';
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createApiClient } from '../api/api-client.ts';
import { ApiProvider } from '../api/api-context.tsx';
import { createApiKeyStore, type ApiKeyStore } from '../api/api-key-store.ts';
import { createConsoleQueryClient } from '../console/create-console-query-client.ts';
import type { FakeFetch } from './fake-fetch.ts';

/** Renders `ui` with an API client over `fetch` and a key store over jsdom's sessionStorage (and, for the console, a query client). */
export function renderWithApi(
  ui: ReactElement,
  fetch: FakeFetch,
  options: { queries?: boolean } = {},
): RenderResult & { keys: ApiKeyStore } {
  const keys = createApiKeyStore(sessionStorage);
  const client = createApiClient({ keys, fetch });
  const queryClient = createConsoleQueryClient(client);
  queryClient.setDefaultOptions({
    ...queryClient.getDefaultOptions(),
    queries: { ...queryClient.getDefaultOptions().queries, retry: false },
  });
  const wrapped = <ApiProvider value={{ client, keys }}>{ui}</ApiProvider>;
  const result = render(
    options.queries ? <QueryClientProvider client={queryClient}>{wrapped}</QueryClientProvider> : wrapped,
  );
  return { ...result, keys };
}
