import { Router } from 'express';
import type { Registry as MetricsRegistry } from 'prom-client';
import { errorMessage } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';
import { toHttpError } from '../error-handler.js';
import type { ServedIndexResolver } from '../served-index.js';

/** `/healthz` (process up), `/readyz` (store reachable and alias resolved), `/metrics`. */
export function healthRoutes(deps: {
  store: VectorStore;
  resolver: ServedIndexResolver;
  defaultKb: string;
  environment: string;
  metrics: MetricsRegistry;
}): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    try {
      await deps.store.ping();
      const index = await deps.resolver.resolve(deps.defaultKb);
      response.json({ status: 'ready', environment: deps.environment, indexVersion: index.ref });
    } catch (error) {
      const { code } = toHttpError(error);
      response
        .status(503)
        .json({ status: 'unavailable', environment: deps.environment, code, reason: errorMessage(error) });
    }
  });
  router.get('/metrics', async (_request, response) => {
    response.setHeader('Content-Type', deps.metrics.contentType);
    response.send(await deps.metrics.metrics());
  });
  return router;
}
