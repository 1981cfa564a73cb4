import { formatIndexRef } from '@ragship/core';
import type { CliContext } from '../cli-context.js';
import { runIngest } from './ingest-command.js';
import { runPromote } from './promote-command.js';
import { runServe } from './serve-command.js';

/**
 * `ragship quickstart [path]` (what `npm start` runs): ingest `path` (default `docs`) into kb
 * `docs` if it changed, promote the newest version to the environment if it is not served yet,
 * and serve. A second run reuses everything and starts in seconds.
 */
export async function runQuickstart(
  context: CliContext,
  directory: string,
  options: { kb: string; port?: number },
): Promise<void> {
  const { kb } = options;
  const { environment } = context.config;
  await runIngest(context, directory, { kb });
  const latest = (await context.registry.listVersions(kb)).find((record) => record.status === 'ready');
  if (latest) {
    const alias = await context.registry.getAlias(environment, kb);
    if (alias?.version !== latest.version)
      await runPromote(context, formatIndexRef(kb, latest.version), { to: environment });
  }
  await runServe(context, {
    ...(options.port === undefined ? {} : { port: options.port }),
    banner: (server) => {
      const port = new URL(server.url).port;
      return [
        '',
        `ragship is serving kb "${kb}" (environment ${environment}) at ${server.url}`,
        'Ask it something:',
        `  curl -s localhost:${port}/v1/chat -H 'content-type: application/json' ` +
          `-d '{"question":"How do I roll back an index?"}'`,
        'Press Ctrl-C to stop.',
      ].join('\n');
    },
  });
}
