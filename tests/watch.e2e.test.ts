import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { startCli, type CliProcess } from './support/run-cli.js';
import { PromotionWorkspace } from './support/promotion-workspace.js';

const OPERATOR_KEY = 'operator-key-0123456789abcdef';

/** One `watch --json` line. */
interface WatchEvent {
  trigger: string;
  requests: string[];
  status: string;
  version: string | null;
  promotion?: { environment: string; status: string };
}

/** The `watch --json` lines printed so far. */
function events(watch: CliProcess): WatchEvent[] {
  const stdout = watch.output().split('\n--- stderr ---\n')[0] ?? '';
  return stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as WatchEvent);
}

async function waitForEvent(watch: CliProcess, count: number, timeoutMs: number): Promise<WatchEvent> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const seen = events(watch);
    if (seen.length >= count) return seen[count - 1]!;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`watch printed ${events(watch).length} runs, expected ${count}:\n${watch.output()}`);
}

describe('ragship watch', () => {
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;
  let server: Awaited<ReturnType<PromotionWorkspace['serve']>>;
  let watch: CliProcess;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { dev: chroma.url },
      extra: [
        'api:',
        `  keys: [{ name: ops, key: ${OPERATOR_KEY}, role: operator }]`,
        'kbs:',
        '  docs:',
        '    source: docs',
      ],
    });
    server = await workspace.serve('dev');
    watch = startCli(
      ['--env', 'dev', 'watch', 'docs', '--kb', 'docs', '--promote', 'dev', '--debounce', '200', '--json'],
      {
        cwd: workspace.dir,
        env: workspace.env,
      },
    );
  }, 120_000);
  afterAll(async () => {
    await watch?.stop('SIGINT');
    await server?.stop();
    await chroma?.stop();
    workspace?.remove();
  });

  const retrieve = async (query: string) => {
    const response = await fetch(`${server.url}/v1/retrieve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_KEY}` },
      body: JSON.stringify({ query, kb: 'docs', k: 3 }),
    });
    const body = (await response.json()) as { results: { docId: string; text: string }[] };
    return { indexVersion: response.headers.get('x-index-version'), results: body.results };
  };

  it('when started, then it ingests the folder and promotes the first version to dev', async () => {
    const first = await waitForEvent(watch, 1, 90_000);
    expect(first).toMatchObject({ trigger: 'start', status: 'succeeded', version: 'v1' });
    expect(first.promotion).toMatchObject({ environment: 'dev', status: 'promoted' });
  }, 100_000);

  it('when a file is edited, then a new ready version follows within 5 s and the running API serves it', async () => {
    const written = Date.now();
    workspace.writeDoc('zebra.md', '# Zebra crossings\n\nThe quokka protocol lets zebras cross the index safely.\n');
    const run = await waitForEvent(watch, 2, 30_000);
    const readyAfterMs = Date.now() - written;
    expect(run).toMatchObject({ trigger: 'change', status: 'succeeded', version: 'v2' });
    expect(run.promotion).toMatchObject({ status: 'promoted' });
    expect(readyAfterMs).toBeLessThan(5000);

    let served = await retrieve('quokka protocol zebras');
    for (let tries = 0; served.indexVersion !== 'docs@v2' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      served = await retrieve('quokka protocol zebras');
    }
    expect(served.indexVersion).toBe('docs@v2');
    expect(served.results[0]?.docId).toBe('zebra.md');
  }, 60_000);

  it('when an operator requests an ingestion, then watch runs it and the request says how it ended', async () => {
    const response = await fetch(`${server.url}/v1/admin/ingestions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${OPERATOR_KEY}` },
      body: JSON.stringify({ kb: 'docs' }),
    });
    expect(response.status).toBe(202);
    const { ingestion } = (await response.json()) as { ingestion: { id: string; status: string } };
    expect(ingestion.status).toBe('queued');

    const run = await waitForEvent(watch, 3, 30_000);
    expect(run).toMatchObject({ trigger: 'request', requests: [ingestion.id], status: 'succeeded', version: null });
    const after = await fetch(`${server.url}/v1/admin/ingestions/${ingestion.id}`, {
      headers: { authorization: `Bearer ${OPERATOR_KEY}` },
    });
    expect(await after.json()).toMatchObject({ id: ingestion.id, status: 'succeeded', version: null });
  }, 60_000);
});
