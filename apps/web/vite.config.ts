import { defineConfig, type Connect, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Two pages: the chat (`index.html`, served at `/`) and the console (`ops.html`, served at `/ops`
 * and every `/ops/*` path, which the console routes on the client). `npx vite` proxies the API
 * to a local `ragship serve` on port 3000 (override with RAGSHIP_API_URL).
 */
export default defineConfig({
  base: '/',
  plugins: [react(), consoleRoutes()],
  build: {
    outDir: 'dist',
    // Every browser that runs this app supports modulepreload; the polyfill would cost bytes on each page.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { chat: 'index.html', console: 'ops.html' },
    },
  },
  server: {
    proxy: { '/v1': process.env.RAGSHIP_API_URL ?? 'http://localhost:3000' },
  },
});

/** Serves `ops.html` for `/ops` and `/ops/*` in `vite` and `vite preview`, as the API does. */
function consoleRoutes(): Plugin {
  const rewrite: Connect.NextHandleFunction = (request, _response, next) => {
    const path = request.url?.split('?')[0] ?? '';
    if (path === '/ops' || (path.startsWith('/ops/') && !path.includes('.'))) request.url = '/ops.html';
    next();
  };
  return {
    name: 'ragship-console-routes',
    configureServer: (server) => void server.middlewares.use(rewrite),
    configurePreviewServer: (server) => void server.middlewares.use(rewrite),
  };
}
