import { Router } from 'express';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { BuildInfo } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';
import { checkReadiness } from '../readiness.js';
import type { ServedIndexResolver } from '../served-index-resolver.js';

/**
 * `/healthz` (process up), `/readyz` (store and registry answer, every aliased kb loaded),
 * `/version` (the running build), `/metrics`.
 */
export function healthRoutes(deps: {
  store: VectorStore;
  resolver: ServedIndexResolver;
  environment: string;
  build: BuildInfo;
  metrics: MetricsRegistry;
}): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const readiness = await checkReadiness(deps);
    response.status(readiness.status === 'ready' ? 200 : 503).json(readiness);
  });
  router.get('/version', (_request, response) => {
    const { build, gitSha, version } = deps.build;
    response.json({ build, gitSha, version });
  });
  router.get('/metrics', async (_request, response) => {
    response.setHeader('Content-Type', deps.metrics.contentType);
    response.send(await deps.metrics.metrics());
  });
  return router;
}
