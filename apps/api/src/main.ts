#!/usr/bin/env node
/**
 * Container entry of the API: reads config and environment once (the build identity too:
 * `RAGSHIP_BUILD`, `RAGSHIP_GIT_SHA`), opens the registry and the environment's vector store
 * (which must be a running server: set CHROMA_URL or the config's url), serves, and shuts down
 * gracefully on SIGTERM. Locally, `ragship serve` does the same and can also start an embedded
 * Chroma server.
 */
import { ConfigError, loadConfig, packageVersion, resolveBuildInfo, toRagshipError } from '@ragship/core';
import { createRegistry } from '@ragship/registry';
import { createVectorStore } from '@ragship/vector-store';
import { createLogger, serveApi } from '@ragship/server';
import { webRoot } from '@ragship/web';

const logger = createLogger({ name: 'ragship-api' });

async function main(): Promise<void> {
  const config = loadConfig({ cwd: process.cwd(), file: process.env.RAGSHIP_CONFIG, variables: process.env });
  const build = resolveBuildInfo(process.env, {
    cwd: process.cwd(),
    version: packageVersion(new URL('../package.json', import.meta.url)),
  });
  const storeConfig = config.environments[config.environment]?.vectorStore;
  if (storeConfig?.kind === 'chroma' && !storeConfig.url) {
    throw new ConfigError(
      `Environment "${config.environment}" has no Chroma URL: set CHROMA_URL, ` +
        'or run "ragship serve" to use an embedded Chroma server.',
      `environments.${config.environment}.vectorStore.url`,
    );
  }
  const registry = createRegistry(config.registry.url, config.baseDir);
  const store = createVectorStore(storeConfig ?? { kind: 'chroma' });
  const server = await serveApi({ config, registry, store, logger, build, webRoot });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    void server
      .close()
      .then(() => registry.close())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  const failure = toRagshipError(error);
  logger.fatal({ code: failure.code }, failure.message);
  process.exit(failure.meaning.exitCode);
});
