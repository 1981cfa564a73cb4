import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { PromotionWorkspace } from './support/promotion-workspace.js';
import { startCli } from './support/run-cli.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const IMAGE = `ghcr.io/acme/ragship@sha256:${'ab'.repeat(32)}`;
/** What CD sets in the image: the commit baked in at build time, the digest it deploys. */
const BUILD_ENV = { RAGSHIP_GIT_SHA: SHA, RAGSHIP_BUILD: IMAGE };
const BUILD = { build: IMAGE, gitSha: SHA, version: '0.1.0' };

interface HistoryEntry {
  action: string;
  environment: string | null;
  from: string | null;
  to: string | null;
  details: { build?: unknown; gates?: { metric: string; passed: boolean }[] };
}

// The built CLI on a real Chroma server: which build ran each promotion and rollback, gate
// refusals kept in the audit log and counted at /metrics, and what `ragship serve` says it runs.
describe('the build on record, and gate refusals', () => {
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { dev: chroma.url, prod: chroma.url },
      prodExtra: ['gates:', '  documents: { min: 1000 }'],
    });
  }, 60_000);
  afterAll(async () => {
    await chroma?.stop();
    workspace?.remove();
  });

  it('when promote and rollback run, then their audit entries name the build; a refused promotion is on record and moves nothing', async () => {
    await workspace.json(['--env', 'dev', 'ingest', 'docs', '--kb', 'docs'], BUILD_ENV);
    await workspace.json(['promote', 'docs@v1', '--to', 'dev'], BUILD_ENV);
    workspace.writeDoc('extra.md', '# Extra\n\nOne more page about rolling back an index.\n');
    await workspace.json(['--env', 'dev', 'ingest', 'docs', '--kb', 'docs'], BUILD_ENV);
    await workspace.json(['promote', 'docs@v2', '--to', 'dev'], BUILD_ENV);
    await workspace.json(['rollback', 'docs', '--env', 'dev'], BUILD_ENV);

    const refused = await workspace.cli(['promote', 'docs@v2', '--to', 'prod'], BUILD_ENV);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/quality gate refused: documents \d+ < min 1000/);

    const history = await workspace.json<HistoryEntry[]>(['history', 'docs']);
    expect(history.map((entry) => [entry.action, entry.environment, entry.from, entry.to])).toEqual([
      ['refuse', 'prod', null, 'v2'],
      ['rollback', 'dev', 'v2', 'v1'],
      ['promote', 'dev', 'v1', 'v2'],
      ['promote', 'dev', null, 'v1'],
    ]);
    expect(history.map((entry) => entry.details.build)).toEqual(history.map(() => BUILD));
    expect(history[0]?.details.gates).toEqual([expect.objectContaining({ metric: 'documents', passed: false })]);
    const human = await workspace.cli(['history', 'docs', '--env', 'prod']);
    expect(human.stdout).toMatch(
      /refuse .* docs@prod: v2 refused, stays on \(none\) {2}gates 0\/1 passed {2}build sha256:abababababab/,
    );

    const status = await workspace.json<{ environments: Record<string, Record<string, { version: string }>> }>([
      'status',
    ]);
    expect(status.environments.prod).toEqual({});
    expect(status.environments.dev?.docs?.version).toBe('v1');
    // The same function names the pipeline's code version in the manifest.
    expect(await workspace.json(['show', 'docs@v2'])).toMatchObject({ pipelineVersion: SHA });
  });

  it('when ragship serve runs in the image, then /version and /readyz name it, nothing promoted is ready, and /metrics counts the refusal', async () => {
    const server = startCli(['--env', 'prod', 'serve', '--port', '0', '--json'], {
      cwd: workspace.dir,
      env: { ...workspace.env, ...BUILD_ENV },
    });
    try {
      const [, url] = await server.waitFor(/"url": "(http:\/\/[^"]+)"/);
      expect(await (await fetch(`${url}/version`)).json()).toEqual(BUILD);
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', environment: 'prod', build: BUILD, served: {} });
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toContain('ragship_gate_refusals_total{kb="docs",environment="prod"} 1');
      expect(metrics).toContain('ragship_gate_refusals_total{kb="docs",environment="dev"} 0');
      expect(server.output()).toContain(`"build":{"build":"${IMAGE}"`);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it('when an environment requires auth and has no API keys, then ragship serve refuses to start; with RAGSHIP_API_KEYS it serves', async () => {
    writeFileSync(
      path.join(workspace.dir, 'locked.yaml'),
      [
        'registry: { url: "sqlite:.ragship/registry.db" }',
        'environments:',
        '  dev:',
        `    vectorStore: { kind: chroma, url: ${chroma.url} }`,
        '    api: { requireAuth: true }',
        '',
      ].join('\n'),
    );
    const refused = await workspace.cli(['--config', 'locked.yaml', 'serve', '--port', '0']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'Environment "dev" requires API keys (api.requireAuth) but none are configured: ' +
        'set RAGSHIP_API_KEYS or api.keys.',
    );

    const key = 'e2e-key-0123456789abcdef';
    const server = startCli(['--config', 'locked.yaml', 'serve', '--port', '0', '--json'], {
      cwd: workspace.dir,
      env: { ...workspace.env, RAGSHIP_API_KEYS: key },
    });
    try {
      const [, url] = await server.waitFor(/"url": "(http:\/\/[^"]+)"/);
      const retrieve = (headers: Record<string, string>) =>
        fetch(`${url}/v1/retrieve`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query: 'How do I roll back?' }),
        });
      expect((await retrieve({})).status).toBe(401);
      const answered = await retrieve({ authorization: `Bearer ${key}` });
      expect(answered.status).toBe(200);
      expect(answered.headers.get('x-index-version')).toBe('docs@v1');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});
