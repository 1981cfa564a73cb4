import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/api-client.ts';
import { ApiProvider } from '../api/api-context.tsx';
import { createApiKeyStore } from '../api/api-key-store.ts';
import { ConsoleApp } from './console-app.tsx';
import { createConsoleQueryClient } from './create-console-query-client.ts';
import '../styles/app.css';

const keys = createApiKeyStore();
const client = createApiClient({ keys });
const queryClient = createConsoleQueryClient(client);
const root = document.getElementById('root');
if (!root) throw new Error('ops.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider value={{ client, keys }}>
      <QueryClientProvider client={queryClient}>
        <ConsoleApp />
      </QueryClientProvider>
    </ApiProvider>
  </StrictMode>,
);
