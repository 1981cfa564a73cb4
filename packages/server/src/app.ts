import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import {
  RagshipError,
  errorMessage,
  normaliseApiKeys,
  type ApiKeyEntry,
  type BuildInfo,
  type GuardrailSettings,
  type RetrievalSettings,
  type TrustProxy,
} from '@ragship/core';
import {
  createDriftMonitor,
  DEFAULT_DRIFT,
  type DriftMonitor,
  type DriftReport,
  type DriftSettings,
} from '@ragship/monitoring';
import type { OperationsContext } from '@ragship/operations';
import type { Registry } from '@ragship/registry';
import type { Answerer } from '@ragship/retrieval';
import { TRACING_OFF, type Tracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import { adminRoutes } from './admin/admin-routes.js';
import { environmentBuilds, type EnvironmentBuilds } from './admin/environment-builds.js';
import { createErrorHandler, notFoundHandler, sendError } from './error-handler.js';
import { createApiMetrics, type ApiMetrics } from './api-metrics.js';
import { registerDriftMetrics } from './drift-metrics.js';
import { registerGateRefusalMetrics } from './gate-refusal-metrics.js';
import { registerIngestMetrics } from './ingest-metrics.js';
import { meteredAnswerer } from './llm-metrics.js';
import { apiKeyAuth } from './middleware/api-key-auth.js';
import { clientRateLimit, failedKeyLimit } from './middleware/client-rate-limit.js';
import type { SharedCounters } from './middleware/shared-counters.js';
import { corsPolicy } from './middleware/cors-policy.js';
import { requestId } from './middleware/request-id.js';
import { requestLog } from './middleware/request-log.js';
import { openApiDocument } from './openapi.js';
import { chatRoute } from './routes/chat-route.js';
import { healthRoutes } from './routes/health-routes.js';
import { monitoringRoute } from './routes/monitoring-route.js';
import { feedbackRoute } from './routes/feedback-route.js';
import { AnswerLedger } from './answer-ledger.js';
import { createKbChooser } from './request-kb.js';
import { retrieveRoute } from './routes/retrieve-route.js';
import { sessionRoute } from './routes/session-route.js';
import { webPages } from './web-pages.js';
import { servingHooks } from './serving-hooks.js';
import type { ServedIndexResolver } from './served-index-resolver.js';

/** Everything the HTTP app needs, injected. */
export interface AppDependencies {
  resolver: ServedIndexResolver;
  store: VectorStore;
  answerer: Answerer;
  logger: Logger;
  /** The environment this process serves, reported in answers and `/readyz`. */
  environment: string;
  /** kb used when a request names none; unset: the environment's only served kb (several: 400 `KB_REQUIRED`). */
  defaultKb?: string | undefined;
  /** The running build, at `/version` and in `/readyz`. */
  build: BuildInfo;
  /** Chunks retrieved when a request gives no `k`. Default 5. */
  defaultK?: number;
  /** Largest accepted JSON body, e.g. `64kb`. */
  bodyLimit: string;
  /** API keys required on `/v1/*` (a bare string is a reader); none: open, every caller an admin. */
  keys?: readonly ApiKeyEntry[];
  /** Requests per minute per key or IP on `/v1/*`; 0 or absent: unlimited. */
  requestsPerMinute?: number;
  /** Failed API key attempts (401s) per minute per client address before it gets 429; 0: unlimited. Default 10. */
  failedAuthPerMinute?: number;
  /** Rate-limit counters shared by every replica (Redis); absent: each process counts its own. */
  sharedCounters?: SharedCounters | undefined;
  /**
   * Which proxies' `X-Forwarded-For` gives the client address (Express's `trust proxy`: false, true,
   * a hop count, or addresses and subnets). Default false: the peer address is the client.
   */
  trustProxy?: TrustProxy;
  /** Allowed browser origins (CORS); none: no CORS headers. */
  corsOrigins?: readonly string[];
  /**
   * Flagged-chunk policy, answer redaction, the question and answer screens and answer links.
   * Default `DEFAULT_GUARDRAILS` (the config's defaults).
   */
  guardrails?: GuardrailSettings;
  /** Hybrid retrieval settings. Default `DEFAULT_RETRIEVAL` (the config's defaults). */
  retrieval?: RetrievalSettings;
  /** Where chat and retrieve requests are traced. Default: off. */
  tracing?: Tracing;
  /** The registry: drift baselines and feedback are kept in it, ingestion and gate refusal metrics read from it. */
  registry: Registry;
  /** How live retrievals are compared with their version's baseline. Default {@link DEFAULT_DRIFT}. */
  drift?: DriftSettings;
  /**
   * The drift monitor; default: one over the registry's baselines and `drift`, logging a warning
   * when a version drifts.
   */
  monitor?: DriftMonitor;
  /** The metrics `/metrics` serves; pass them to record what happens outside the app (alias changes). Default: new. */
  metrics?: ApiMetrics;
  /**
   * What the admin API (`/v1/admin/*`) works with: the configuration, the registry and every
   * environment's store. Absent: no admin API.
   */
  operations?: OperationsContext;
  /** The build each environment's API runs, for the console. Default: this API's own only. */
  environmentBuilds?: EnvironmentBuilds;
  /** The built web app's directory (`apps/web`'s `dist`), served at `/` and `/ops`. Absent: no pages. */
  webRoot?: string;
  /** Per kb, the record fields (`meta.<field>`) chat and retrieve filters may name (`kbs.<kb>.filterFields`). Default none. */
  filterFields?: Readonly<Record<string, readonly string[]>>;
  /** How many days after an answer feedback on it is accepted (`monitoring.feedbackWindowDays`). Default 30. */
  feedbackWindowDays?: number;
  /** Phoenix's UI, for the chat page's "view trace" links. */
  phoenixUrl?: string | null;
}

/** The HTTP contract's version, reported in `/openapi.json`. */
export const API_VERSION = '1.0.0';

/** Rejects a JSON body that is not valid UTF-8 instead of letting it decode to U+FFFD. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
function verifyUtf8(_request: unknown, _response: unknown, body: Buffer): void {
  try {
    strictUtf8.decode(body);
  } catch {
    throw new RagshipError('INVALID_ENCODING', 'The request body is not valid UTF-8.');
  }
}

/** 415 for a body declared in a charset other than UTF-8. */
const utf8Only: RequestHandler = (request, response, next) => {
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.get('content-type') ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    sendError(
      response,
      'UNSUPPORTED_ENCODING',
      `Request bodies must be UTF-8 JSON; got charset ${charset.slice(0, 40)}.`,
    );
    return;
  }
  next();
};

/** Builds the Express app: thin routes over the use cases, one error middleware. */
export function createApp(deps: AppDependencies): Express {
  const app = express();
  const metrics = deps.metrics ?? createApiMetrics();
  const drift = deps.drift ?? DEFAULT_DRIFT;
  const monitor = deps.monitor ?? driftMonitor(deps, drift);
  registerDriftMetrics(metrics.registry, monitor, drift.threshold);
  registerIngestMetrics(metrics.registry, deps.registry);
  registerGateRefusalMetrics(metrics.registry, deps.registry);
  const answerer = meteredAnswerer(deps.answerer, metrics.registry);
  const defaultK = deps.defaultK ?? 5;
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? false);
  app.use(requestId);
  app.use(requestLog(deps.logger));
  app.use(helmet());
  app.use(corsPolicy(deps.corsOrigins ?? []));
  app.use(metrics.middleware);

  // Open: probes, scrapes and the API description. Everything under /v1 is authenticated and rate limited.
  app.use(healthRoutes({ ...deps, metrics: metrics.registry }));
  const document = openApiDocument({ auth: (deps.keys?.length ?? 0) > 0, version: API_VERSION });
  app.get('/openapi.json', (_request, response) => {
    response.json(document);
  });
  if (deps.webRoot) app.use(webPages(deps.webRoot));
  app.use('/v1', ...callerChecks(deps));
  // JSON is UTF-8 (RFC 8259), uncompressed: other charsets and any Content-Encoding (a zip-bomb
  // vector) are refused with 415 rather than decoded.
  app.use(utf8Only);
  app.use(express.json({ limit: deps.bodyLimit, strict: true, inflate: false, verify: verifyUtf8 }));
  const tracing = deps.tracing ?? TRACING_OFF;
  const feedbackWindowDays = deps.feedbackWindowDays ?? 30;
  const answers = new AnswerLedger({
    records: deps.registry.monitoring,
    environment: deps.environment,
    logger: deps.logger,
    windowMs: feedbackWindowDays * 24 * 3_600_000,
  });
  const serving = {
    guardrails: deps.guardrails,
    retrieval: deps.retrieval,
    tracing,
    environment: deps.environment,
    ...servingHooks({ metrics, monitor }),
  };
  const routing = { resolver: deps.resolver, kbOf: createKbChooser(deps), defaultK };
  app.use(
    chatRoute({
      ...routing,
      environment: deps.environment,
      logger: deps.logger,
      answers,
      answering: { ...serving, answerer },
    }),
  );
  app.use(retrieveRoute({ ...routing, serving }));
  app.use(monitoringRoute({ monitor, environment: deps.environment }));
  app.use(
    feedbackRoute({
      ...deps,
      records: deps.registry.monitoring,
      tracing,
      metrics,
      answers,
      windowDays: feedbackWindowDays,
    }),
  );
  app.use(sessionRoute(deps));
  if (deps.operations) {
    const builds = deps.environmentBuilds ?? ownBuildOnly(deps.operations, deps.environment, deps.build);
    app.use(
      adminRoutes({ operations: deps.operations, environment: deps.environment, monitor, builds, logger: deps.logger }),
    );
  }

  app.use(notFoundHandler);
  app.use(createErrorHandler(deps.logger));
  return app;
}

/**
 * What every `/v1` request passes first: the failed-key lockout (only with keys), the API key,
 * then the caller's rate limit; counted in this process or in the shared counters.
 */
function callerChecks(deps: AppDependencies): RequestHandler[] {
  const keys = normaliseApiKeys(deps.keys ?? []);
  const counting = (limiter: string) => ({ store: deps.sharedCounters?.store(limiter), logger: deps.logger });
  return [
    failedKeyLimit(keys.length > 0 ? (deps.failedAuthPerMinute ?? 10) : 0, counting('failed-keys')),
    apiKeyAuth(keys),
    clientRateLimit(deps.requestsPerMinute ?? 0, counting('requests')),
  ];
}

/** The builds of the environments when none can be read from elsewhere: this API's own. */
function ownBuildOnly(operations: OperationsContext, environment: string, build: BuildInfo): EnvironmentBuilds {
  return environmentBuilds({
    environments: Object.fromEntries(
      Object.entries(operations.config.environments).map(([name, settings]) => [
        name,
        { ...settings, apiUrl: undefined },
      ]),
    ),
    environment,
    build,
  });
}

/** The default drift monitor: a warning when a served version drifts past the threshold, info when it recovers. */
function driftMonitor(deps: AppDependencies, settings: DriftSettings): DriftMonitor {
  const { logger, environment } = deps;
  const facts = (report: DriftReport) => ({
    kb: report.kb,
    indexVersion: report.indexVersion,
    environment,
    score: Number((report.score ?? 0).toFixed(3)),
    threshold: report.threshold,
    signal: report.worstSignal,
  });
  return createDriftMonitor({
    records: deps.registry.monitoring,
    environment,
    settings,
    onDrift: (report) => {
      const logged = facts(report);
      logger.warn(
        logged,
        `retrieval drift on ${report.kb}@${report.indexVersion}: PSI ${logged.score} on ${report.worstSignal} ≥ ` +
          `${report.threshold}; the queries no longer look like the baseline (re-ingest or roll back)`,
      );
    },
    onRecover: (report) =>
      logger.info(facts(report), `retrieval drift on ${report.kb}@${report.indexVersion} is back under the threshold`),
    onError: (error, where) => logger.warn({ err: errorMessage(error) }, `drift monitoring: ${where} failed`),
  });
}
