import { QueryClient } from '@tanstack/react-query';
import type { ApiClient } from '../api/api-client.ts';
import { ApiError } from '../api/api-error.ts';

/**
 * The console's query cache. Every read is keyed by its API path (`['/v1/admin/status']`), so
 * the default query function is a GET of the key. A 4xx is an answer, not a hiccup: no retry.
 */
export function createConsoleQueryClient(client: ApiClient): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        queryFn: ({ queryKey, signal }) => client.get(String(queryKey[0]), signal),
        staleTime: 10_000,
        retry: (failures, error) => failures < 2 && !isClientError(error),
        refetchOnWindowFocus: true,
      },
      mutations: { retry: false },
    },
  });
}

function isClientError(error: unknown): boolean {
  return error instanceof ApiError && error.status !== null && error.status >= 400 && error.status < 500;
}
