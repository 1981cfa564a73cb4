import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';
import { sendError } from './error-handler.js';

/**
 * The web app on the API's origin, from its built directory (`apps/web`'s `dist`): the chat page at
 * `/`, the operations console at `/ops` and every path under it (the console routes in the
 * browser), and their hashed assets under `/assets/`, cached for a year. Pages are revalidated on
 * every load so a new build is picked up at once. A missing build answers 404 saying how to build it.
 */
export function webPages(root: string): Router {
  const router = Router();
  const page = (file: string) => path.join(root, file);
  if (!existsSync(page('index.html'))) {
    router.get(['/', '/ops', '/ops/{*rest}'], (_request, response) => {
      sendError(
        response,
        'ROUTE_NOT_FOUND',
        `The web app is not built (${root} has no index.html): run npm run build.`,
      );
    });
    return router;
  }
  const sendPage = (file: string) => (_request: express.Request, response: express.Response) => {
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(page(file));
  };
  router.get('/', sendPage('index.html'));
  router.get(['/ops', '/ops/{*rest}'], sendPage('ops.html'));
  router.use(
    '/assets',
    express.static(path.join(root, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: true }),
  );
  return router;
}
