import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createApiClient } from '../api/api-client.ts';
import { ApiProvider } from '../api/api-context.tsx';
import { createApiKeyStore } from '../api/api-key-store.ts';
import { ChatApp } from './chat-app.tsx';
import '../styles/app.css';

const keys = createApiKeyStore();
const client = createApiClient({ keys });
const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
createRoot(root).render(
  <StrictMode>
    <ApiProvider value={{ client, keys }}>
      <ChatApp />
    </ApiProvider>
  </StrictMode>,
);
