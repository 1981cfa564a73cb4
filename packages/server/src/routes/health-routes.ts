import { Router } from 'express';
import type { Logger } from 'pino';
import type { Registry as MetricsRegistry } from 'prom-client';
import type { BuildInfo } from '@ragship/core';
import type { VectorStore } from '@ragship/vector-store';
import { errorMessage } from '@ragship/core';
import { requestIdOf } from '../error-handler.js';
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
  /** Where a not-ready answer's causes are logged, under the request id the body carries. */
  logger: Logger;
}): Router {
  const router = Router();
  router.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });
  router.get('/readyz', async (_request, response) => {
    const { readiness, failures } = await checkReadiness(deps);
    if (readiness.status === 'ready') {
      response.json(readiness);
      return;
    }
    const requestId = requestIdOf(response);
    const causes = failures.map(({ kb, error }) => ({ kb, cause: errorMessage(error) }));
    deps.logger.warn({ requestId, code: readiness.code, causes }, `not ready: ${readiness.reason}`);
    response.status(503).json({ ...readiness, requestId });
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
