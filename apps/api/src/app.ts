import { randomUUID } from 'node:crypto';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Answerer } from '@ragship/retrieval';
import type { VectorStore } from '@ragship/vector-store';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
import { createHttpMetrics } from './http-metrics.js';
import { chatRoute } from './routes/chat-route.js';
import { healthRoutes } from './routes/health-routes.js';
import { retrieveRoute } from './routes/retrieve-route.js';
import type { ServedIndexResolver } from './served-index.js';

/** Everything the HTTP app needs, injected. */
export interface AppDependencies {
  resolver: ServedIndexResolver;
  store: VectorStore;
  answerer: Answerer;
  logger: Logger;
  /** The environment this process serves, reported in answers and `/readyz`. */
  environment: string;
  /** kb used when a request names none. */
  defaultKb: string;
  /** Chunks retrieved when a request gives no `k`. Default 5. */
  defaultK?: number;
  /** Largest accepted JSON body, e.g. `64kb`. */
  bodyLimit: string;
}

/** Builds the Express app: thin routes over the use cases, one error middleware. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  const metrics = createHttpMetrics();
  const defaultK = deps.defaultK ?? 5;
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use((request, response, next) => {
    const incoming = request.get('x-request-id');
    const requestId = incoming && /^[\w.-]{1,128}$/.test(incoming) ? incoming : randomUUID();
    response.locals.requestId = requestId;
    response.setHeader('X-Request-Id', requestId);
    next();
  });
  app.use(helmet());
  app.use(metrics.middleware);
  app.use(express.json({ limit: deps.bodyLimit, strict: true }));

  app.use(healthRoutes({ ...deps, metrics: metrics.registry }));
  app.use(chatRoute({ ...deps, defaultK }));
  app.use(retrieveRoute({ ...deps, defaultK }));

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}
