import { errorMessage, type BuildInfo, type LoadedConfig } from '@ragship/core';
import type { Registry } from '@ragship/registry';
import { createEmbedder } from '@ragship/embeddings';
import { createAnswerer, type GenerationLimits } from '@ragship/retrieval';
import { startTracing } from '@ragship/telemetry';
import type { VectorStore } from '@ragship/vector-store';
import type { Logger } from 'pino';
import { createApiMetrics } from './api-metrics.js';
import { environmentBuilds } from './admin/environment-builds.js';
import { apiOperations } from './api-operations.js';
import { createApp } from './app.js';
import { requireApiKeys } from './require-api-keys.js';
import { createSharedCounters, type SharedCounters } from './middleware/shared-counters.js';
import { createServedIndexResolver } from './served-index-resolver.js';
import { startServer, type RunningServer } from './start-server.js';

/**
 * Wires the API from a loaded config and opened backends and starts listening. Used by the
 * API's own entry (`main.ts`) and by `ragship serve`. Throws `ConfigError` before listening when
 * the environment requires API keys and has none.
 */
export async function serveApi(options: {
  config: LoadedConfig;
  registry: Registry;
  store: VectorStore;
  logger: Logger;
  /** The running build, resolved at the edge (`resolveBuildInfo`): `/version`, `/readyz`, the start log line. */
  build: BuildInfo;
  /** Overrides `config.api.port`. */
  port?: number;
  /** The built web app's directory (`@ragship/web`'s `webRoot`), served at `/` and `/ops`. Absent: no pages. */
  webRoot?: string;
  /** Opens another environment's store for the admin API. Default: from the configuration. */
  openStore?: (environment: string) => Promise<VectorStore>;
}): Promise<RunningServer> {
  const { config, registry, store, logger, build } = options;
  requireApiKeys(config);
  // Before anything starts: a model whose provider package is missing is a config error at startup.
  const answerer = await createAnswerer(config.answerer, config.providers, generationLimits(config));
  // With answer redaction on, spans and feedback comments sent to Phoenix are redacted too.
  const tracing = startTracing({ ...config.tracing, redactPii: config.guardrails.redactPii });
  const metrics = createApiMetrics();
  const resolver = createServedIndexResolver({
    tracing,
    registry,
    store,
    environment: config.environment,
    refreshMs: config.api.aliasRefreshSeconds * 1000,
    createEmbedder: (id) => createEmbedder(id, config.providers),
    onChange: ({ kb, from, to }) => {
      metrics.recordAliasChange({ kb, environment: config.environment });
      logger.info(
        { kb, from, to, environment: config.environment },
        from ? `now serving ${to} (was ${from})` : `serving ${to}`,
      );
    },
    onRefreshError: (kb, error) =>
      kb === null
        ? logger.warn({ err: errorMessage(error) }, 'could not re-read the aliases; serving the last known versions')
        : logger.warn({ kb, err: errorMessage(error) }, 'could not re-read the alias; serving the last known version'),
  });
  const sharedCounters = await rateLimitCounters(config, logger);
  const operations = apiOperations({ config, registry, store, build, tracing, openStore: options.openStore });
  const app = createApp({
    resolver,
    store,
    answerer,
    logger,
    environment: config.environment,
    build,
    defaultKb: config.defaultKb,
    filterFields: Object.fromEntries(Object.entries(config.kbs).map(([kb, settings]) => [kb, settings.filterFields])),
    bodyLimit: config.api.bodyLimit,
    keys: config.api.keys,
    requestsPerMinute: config.api.rateLimit.requestsPerMinute,
    failedAuthPerMinute: config.api.rateLimit.failedAuthPerMinute,
    sharedCounters,
    trustProxy: config.api.trustProxy,
    corsOrigins: config.api.cors.origins,
    guardrails: config.guardrails,
    retrieval: config.retrieval,
    tracing,
    metrics,
    registry,
    drift: config.monitoring.drift,
    feedbackWindowDays: config.monitoring.feedbackWindowDays,
    operations,
    environmentBuilds: environmentBuilds({ environments: config.environments, environment: config.environment, build }),
    phoenixUrl: phoenixUiUrl(config.tracing),
    ...(options.webRoot ? { webRoot: options.webRoot } : {}),
  });
  const server = await startServer(app, { host: config.api.host, port: options.port ?? config.api.port, logger });
  logger.info(
    {
      url: server.url,
      environment: config.environment,
      build,
      store: store.location,
      registry: registry.location,
      apiKeys: config.api.keys.length,
      web: options.webRoot ? `${server.url}/` : 'off',
      requestsPerMinute: config.api.rateLimit.requestsPerMinute,
      rateLimitCounters: sharedCounters ? 'redis' : 'per replica',
      trustProxy: config.api.trustProxy,
      tracing: tracing.enabled ? { endpoint: config.tracing.endpoint, project: config.tracing.projectName } : 'off',
    },
    'ragship API listening',
  );
  return {
    ...server,
    async close(graceMs) {
      resolver.close();
      await server.close(graceMs);
      await sharedCounters?.close();
      await tracing.shutdown();
    },
  };
}

/**
 * The rate-limit counters this environment's replicas share in Redis (`api.rateLimit.redisUrl`),
 * waited for up to 2 s; none without Redis, when each process counts its own.
 */
async function rateLimitCounters(config: LoadedConfig, logger: Logger): Promise<SharedCounters | undefined> {
  const { redisUrl } = config.api.rateLimit;
  if (!redisUrl) return undefined;
  const counters = createSharedCounters({ url: redisUrl, prefix: `ragship:${config.environment}:`, logger });
  if (!(await counters.ready(2000))) {
    logger.warn('Redis (api.rateLimit.redisUrl) does not answer yet: requests are served uncounted until it does');
  }
  return counters;
}

/** Phoenix's UI: `tracing.uiUrl`, else the collector endpoint's origin (Phoenix serves both); null without tracing. */
function phoenixUiUrl(tracing: LoadedConfig['tracing']): string | null {
  if (tracing.uiUrl) return tracing.uiUrl.replace(/\/+$/, '');
  return tracing.endpoint ? new URL(tracing.endpoint).origin : null;
}

/** The limits of every LLM call (`generation` in the config). */
function generationLimits(config: LoadedConfig): GenerationLimits {
  return {
    maxTokens: config.generation.maxTokens,
    timeoutMs: config.generation.timeoutSeconds * 1000,
    temperature: config.generation.temperature,
  };
}
