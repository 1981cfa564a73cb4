import { createLogger, requireApiKeys, serveApi, type RunningServer } from '@ragship/server';
import { webRoot } from '@ragship/web';
import { pino } from 'pino';
import type { CliContext } from '../cli-context.js';

/** `ragship serve`: runs the API for the environment until SIGINT/SIGTERM, then stops cleanly. */
export async function runServe(
  context: CliContext,
  options: { port?: number; banner?: (server: RunningServer) => string },
): Promise<void> {
  // Before the store: an embedded Chroma server is not started for an API that may not run.
  requireApiKeys(context.config);
  const store = await context.store();
  const logger = createLogger({ name: 'ragship-api', level: context.logLevel }, pino.destination(2));
  const server = await serveApi({
    config: context.config,
    registry: context.registry,
    store,
    logger,
    build: context.build,
    webRoot,
    // The console promotes between environments: it opens their stores as the CLI does (an embedded Chroma server included).
    openStore: (environment) => context.store(environment),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  context.output.result({ url: server.url, environment: context.config.environment }, () =>
    options.banner
      ? options.banner(server)
      : `Serving environment ${context.config.environment} at ${server.url}. Ctrl-C stops.`,
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      context.output.info(`\nReceived ${signal}; stopping…`);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
}
