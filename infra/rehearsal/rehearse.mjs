#!/usr/bin/env node
/**
 * `npm run rehearse [-- --json] [-- --base <image>]`: builds the image once and runs it through
 * dev → staging → prod on this machine, with the scripts CT and CD run:
 * - a container engine (started here when none runs: infra/image/container-engine.sh), a base
 *   image (the official one with --base, else one made from Debian packages, cached by its
 *   inputs: infra/image/build-base.sh) and the image (infra/build-image.sh);
 * - per environment a Chroma server and the API, each a container of that one image on the host
 *   network, with the shipped config and the environment's variables; one PostgreSQL registry
 *   (this machine's, a schema of its own);
 * - CT inside a container of the image (infra/ingest-and-promote.sh), then CD's
 *   infra/promote-and-verify.sh dev → staging → prod, three versions of a corpus, a gate that
 *   refuses prod and leaves it as it was, and a rollback drill (infra/rollback-and-verify.sh);
 * - docker-compose.yml on the image (infra/image/compose-check.sh) and the test fixtures'
 *   container path (testcontainers).
 * It leaves no container, schema or process behind; the base image and the image stay for the
 * next run. Progress on stderr; the summary on stdout (JSON with --json). Exit 1 when a check fails.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { RUN_LABEL, startApi, startChroma } from './containers.mjs';
import { createCorpus } from './corpus.mjs';
import { createReport, describeSummary } from './report.mjs';
import { lastJsonLine, runCommand, waitFor } from './run-command.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENVIRONMENTS = ['dev', 'staging', 'prod'];
const KB = 'corpus';

const options = parseArguments(process.argv.slice(2));
const run = `rehearsal-${Date.now().toString(36)}-${randomBytes(2).toString('hex')}`;
const workdir = path.join(ROOT, '.ragship', 'rehearsal', run);
const report = createReport();
const cleanups = [];
const state = { image: null, environments: {} };

try {
  await rehearse();
} catch (error) {
  state.error = error.message;
  report.check('rehearsal ran to the end', false, error.message.split('\n')[0]);
  report.note(error.stack ?? error.message);
} finally {
  await cleanUp();
}
const summary = report.summary(state);
process.stdout.write(`${options.json ? JSON.stringify(summary) : describeSummary(summary)}\n`);
process.exitCode = summary.passed ? 0 : 1;

async function rehearse() {
  const engine = await report.step('container engine', () => script('infra/image/container-engine.sh', ['start']));
  state.engineStartedHere = engine.trim() === 'started';
  const base = options.base ?? (await report.step('base image', () => script('infra/image/build-base.sh'))).trim();
  const built = lastJsonLine(await report.step('image', () => script('infra/build-image.sh', ['--base', base])));
  state.image = { id: built.id, tag: built.tag, sizeBytes: built.sizeBytes, buildMs: built.buildMs, base };
  report.check('image built', built.id.startsWith('sha256:'), `${built.tag} ${built.id}, ${built.sizeBytes} bytes`);

  mkdirSync(workdir, { recursive: true });
  cleanups.push(() => rmSync(workdir, { recursive: true, force: true }));
  const corpus = createCorpus(workdir, ROOT);
  const registry = await report.step('registry schema', createRegistrySchema);
  const stack = await report.step('stores and APIs', () => startStack(built.id, registry));

  await ingestAndPromote(stack, corpus, 1);
  await promoteThrough(stack, 'dev', 'staging', 1);
  await promoteThrough(stack, 'staging', 'prod', 1);
  corpus.edit(2);
  await ingestAndPromote(stack, corpus, 2);
  await promoteThrough(stack, 'dev', 'staging', 2);
  await promoteThrough(stack, 'staging', 'prod', 2);
  corpus.edit(3);
  await ingestAndPromote(stack, corpus, 3);
  await promoteThrough(stack, 'dev', 'staging', 3);
  await refusedAtProd(stack);
  await rollbackDrill(stack, 'staging', 2);
  await recordEnvironments(stack, built.id);

  await report.step('docker-compose', composeCheck);
  await report.step('test fixtures on the engine', fixturesOnEngine);
}

/** One Chroma server and one API per environment, all from the image; checks a fresh environment is ready. */
async function startStack(image, registry) {
  const apiKey = randomBytes(24).toString('hex');
  const stores = {};
  for (const environment of ENVIRONMENTS) {
    stores[environment] = await startChroma({ image, run, environment });
    cleanups.push(() => stores[environment].stop());
  }
  const shared = {
    DATABASE_URL: registry,
    RAGSHIP_ACTOR: 'rehearsal',
    ...Object.fromEntries(ENVIRONMENTS.map((name) => [`CHROMA_URL_${name.toUpperCase()}`, stores[name].url])),
  };
  await checkAuthRequired(image, shared);
  const apis = {};
  for (const environment of ENVIRONMENTS) {
    const variables = {
      ...environmentVariables(environment),
      ...shared,
      RAGSHIP_BUILD: image,
      RAGSHIP_HOST: '127.0.0.1',
      ...(environment === 'dev' ? {} : { RAGSHIP_API_KEYS: apiKey }),
    };
    apis[environment] = await startApi({ image, run, environment, variables });
    cleanups.push(() => apis[environment].stop());
    const ready = await (await fetch(`${apis[environment].url}/readyz`)).json();
    report.check(
      `${environment}: ready with nothing promoted`,
      ready.status === 'ready',
      `/readyz 200 ${JSON.stringify(ready.served ?? {})}`,
    );
  }
  const denied = await fetch(`${apis.prod.url}/v1/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'rollback' }),
  });
  report.check('prod: a request without a key is refused', denied.status === 401, `${denied.status}`);
  const pages = await Promise.all(
    ['/', '/ops'].map(async (page) => {
      const response = await fetch(`${apis.prod.url}${page}`);
      const title = /<title>([^<]*)<\/title>/.exec(await response.text())?.[1] ?? '';
      return { page, status: response.status, title };
    }),
  );
  report.check(
    'prod: the image serves the web app (/ chat, /ops console)',
    pages.every(({ status, title }) => status === 200 && title.startsWith('ragship')),
    pages.map(({ page, status, title }) => `${page} ${status} "${title}"`).join(', '),
  );
  return { image, apiKey, stores, apis, shared };
}

/** staging requires API keys (api.requireAuth): without them its API must not start. */
async function checkAuthRequired(image, shared) {
  const { code, stdout, stderr } = await dockerRun(
    [
      ...envArguments({ ...environmentVariables('staging'), ...shared, RAGSHIP_PORT: '0' }),
      image,
      '--config',
      '/app/infra/k8s/base/ragship.config.yaml',
      'serve',
    ],
    { check: false, quiet: true },
  );
  const said = `${stdout}${stderr}`;
  report.check(
    'staging: refuses to start without API keys',
    code !== 0 && /requireAuth|API keys/i.test(said),
    `exit ${code}: ${said.trim().split('\n').pop()?.slice(0, 200)}`,
  );
}

/** CT, inside a container of the image, exactly as the ingest CronJob runs it; then dev must serve v<version>. */
async function ingestAndPromote(stack, corpus, version) {
  const { code } = await report.step(`CT: ingest v${version} into dev`, () =>
    dockerRun(
      [
        ...['-v', `${corpus.documents}:/corpus:ro`, '-v', `${corpus.golden}:/golden:ro`],
        ...envArguments({
          ...environmentVariables('dev'),
          ...stack.shared,
          RAGSHIP_CONFIG: '/app/infra/k8s/base/ragship.config.yaml',
        }),
        ...['--entrypoint', 'sh', stack.image, '/app/infra/ingest-and-promote.sh', '/corpus', KB],
      ],
      { check: false },
    ),
  );
  const served = await servedWithin(stack, 'dev', `${KB}@v${version}`);
  report.check(
    `CT v${version}: dev serves ${KB}@v${version}`,
    code === 0 && served === `${KB}@v${version}`,
    `exit ${code}, dev serves ${served}`,
  );
}

/** CD for one environment: the deploy workflow's script, run here against the containers. */
async function promoteThrough(stack, from, to, version) {
  const { code, stdout } = await report.step(`CD: promote ${from} → ${to}`, () =>
    runCommand('sh', [path.join(ROOT, 'infra/promote-and-verify.sh'), KB, from, to, stack.apis[to].url], {
      env: cdVariables(stack),
      check: false,
    }),
  );
  const result = code === 0 ? lastJsonLine(stdout) : null;
  report.check(
    `CD v${version}: ${from} → ${to}`,
    result?.version === `v${version}` && result.smoke.passed && result.verifiedDigest !== undefined,
    result
      ? `${to} serves ${KB}@${result.version}: ${result.copied} chunks copied, digest ${result.verifiedDigest ? 'verified' : 'unchanged'}, promote ${result.promoteMs} ms, served ${result.servedAfterMs} ms later, ${formatMetrics(result.eval.metrics)}`
      : `exit ${code}`,
  );
  state.promotions ??= [];
  if (result) state.promotions.push(result);
}

/** v3 passes staging's floor but drops too far for prod: refused (exit 3), prod still serves v2. */
async function refusedAtProd(stack) {
  const { code, stdout } = await report.step('CD: promote staging → prod (a regression)', () =>
    runCommand('sh', [path.join(ROOT, 'infra/promote-and-verify.sh'), KB, 'staging', 'prod', stack.apis.prod.url], {
      env: cdVariables(stack),
      check: false,
    }),
  );
  const served = await servedBy(stack, 'prod');
  report.check(
    'CD v3: prod refuses the regression and keeps serving v2',
    code === 3 && served === `${KB}@v2`,
    `exit ${code}, prod serves ${served}${stdout.trim() ? `; ${stdout.trim().split('\n').pop()}` : ''}`,
  );
}

/** The rollback drill: staging goes back to v<version> and its API follows. */
async function rollbackDrill(stack, environment, version) {
  const { code, stdout } = await report.step(`rollback ${environment}`, () =>
    runCommand('sh', [path.join(ROOT, 'infra/rollback-and-verify.sh'), KB, environment, stack.apis[environment].url], {
      env: cdVariables(stack),
      check: false,
    }),
  );
  const result = code === 0 ? lastJsonLine(stdout) : null;
  state.rollback = result;
  report.check(
    `rollback drill: ${environment} back to v${version}`,
    result?.to === `v${version}`,
    result
      ? `${result.from} → ${result.to} in ${result.rollbackMs} ms, served ${result.servedAfterMs} ms later`
      : `exit ${code}`,
  );
}

/** What each environment's API says it runs (its build) and serves. */
async function recordEnvironments(stack, image) {
  for (const environment of ENVIRONMENTS) {
    const version = await (await fetch(`${stack.apis[environment].url}/version`)).json();
    state.environments[environment] = { image: version.build, serves: await servedBy(stack, environment) };
  }
  const images = new Set(Object.values(state.environments).map((item) => item.image));
  report.check('one image in every environment', images.size === 1 && images.has(image), [...images].join(', '));
  const serves = Object.fromEntries(Object.entries(state.environments).map(([name, item]) => [name, item.serves]));
  const expected = { dev: `${KB}@v3`, staging: `${KB}@v2`, prod: `${KB}@v2` };
  report.check(
    'each environment serves what its promotions say',
    JSON.stringify(serves) === JSON.stringify(expected),
    JSON.stringify(serves),
  );
}

/** What the API answers from once it is `expected`, or what it still answers from after 30 s (it follows its alias within a second or two). */
async function servedWithin(stack, environment, expected) {
  let served;
  await waitFor(
    `${environment} to serve ${expected}`,
    async () => (served = await servedBy(stack, environment)) === expected,
    30_000,
  ).catch(() => undefined);
  return served;
}

/** The version an API answers from (`X-Index-Version` of a retrieval without a kb). */
async function servedBy(stack, environment) {
  const response = await fetch(`${stack.apis[environment].url}/v1/retrieve`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${stack.apiKey}` },
    body: JSON.stringify({ query: 'How do I roll back an index?' }),
  });
  return response.headers.get('x-index-version') ?? `nothing (${response.status})`;
}

async function composeCheck() {
  const { code, stdout } = await runCommand('bash', [path.join(ROOT, 'infra/image/compose-check.sh')], {
    check: false,
  });
  const result = code === 0 ? lastJsonLine(stdout) : null;
  state.compose = result;
  report.check(
    'docker-compose up serves chat, down -v leaves nothing',
    result?.chat === 'ok' && result.leftovers === 0,
    result ? JSON.stringify(result) : `exit ${code}`,
  );
}

async function fixturesOnEngine() {
  const { code, stdout } = await runCommand(
    process.execPath,
    [
      path.join(ROOT, 'node_modules/vitest/vitest.mjs'),
      'run',
      '--config',
      'vitest.int.config.ts',
      'src/chroma-container.int.test.ts',
    ],
    {
      cwd: path.join(ROOT, 'packages/chroma-server'),
      env: { RAGSHIP_REQUIRE_CONTAINER_ENGINE: '1' },
      check: false,
      quiet: true,
    },
  );
  const tests = /Tests\s+(\d+) passed/.exec(stdout.replace(/\x1b\[[0-9;]*m/g, ''));
  report.check(
    'test fixtures run Chroma through testcontainers on the engine',
    code === 0 && tests,
    code === 0 ? `${tests?.[1]} passed` : stdout.slice(-400),
  );
}

async function createRegistrySchema() {
  const base = process.env.RAGSHIP_REHEARSAL_DATABASE_URL || 'postgres://root@127.0.0.1:5432/test';
  const schema = run.replaceAll('-', '_');
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  await client.query(`CREATE SCHEMA "${schema}"`);
  await client.end();
  cleanups.push(async () => {
    const dropper = new pg.Client({ connectionString: base });
    await dropper.connect();
    await dropper.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await dropper.end();
  });
  const url = new URL(base);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** What infra/promote-and-verify.sh and infra/rollback-and-verify.sh need to run the image here. */
function cdVariables(stack) {
  return {
    ...stack.shared,
    RAGSHIP_IMAGE: stack.image,
    RAGSHIP_BUILD: stack.image,
    RAGSHIP_API_KEY: stack.apiKey,
    RAGSHIP_DOCKER_ARGS: `--label ${RUN_LABEL}=${run} -v ${path.join(workdir, 'golden')}:/golden:ro`,
  };
}

/** infra/environments/<env>/ragship.env, as Kubernetes applies it; no Phoenix can run here. */
function environmentVariables(environment) {
  const text = readFileSync(path.join(ROOT, 'infra', 'environments', environment, 'ragship.env'), 'utf8');
  const variables = Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.includes('=') && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { ...variables, PHOENIX_COLLECTOR_ENDPOINT: '' };
}

/** `docker run` of a one-off container of this run: removed when it exits, on the host network, labelled. */
function dockerRun(args, options) {
  return runCommand('docker', ['run', '--rm', '--network', 'host', '--label', `${RUN_LABEL}=${run}`, ...args], options);
}

function envArguments(variables) {
  return Object.entries(variables).flatMap(([name, value]) => ['-e', `${name}=${value}`]);
}

function formatMetrics(metrics) {
  return Object.entries(metrics ?? {})
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
}

async function script(file, args = []) {
  return (await runCommand('bash', [path.join(ROOT, file), ...args])).stdout;
}

/**
 * Runs every cleanup, newest first, checks no container of this run is left, and stops the
 * engine when this run started it, checking its processes are gone.
 */
async function cleanUp() {
  for (const cleanup of cleanups.splice(0).reverse()) {
    await Promise.resolve()
      .then(cleanup)
      .catch((error) => report.note(`cleanup: ${error.message}`));
  }
  if (state.engineStartedHere === undefined) return;
  const listed = await runCommand('docker', ['ps', '-aq', '--filter', `label=${RUN_LABEL}=${run}`], { quiet: true });
  const containers = listed.stdout.trim() ? listed.stdout.trim().split('\n') : [];
  if (containers.length > 0) await runCommand('docker', ['rm', '-f', ...containers], { check: false, quiet: true });
  report.check(
    'no container left behind',
    containers.length === 0,
    `${containers.length} containers of this run were left`,
  );
  if (!state.engineStartedHere) return;
  await script('infra/image/container-engine.sh', ['stop']);
  const processes = await runCommand('pgrep', ['-a', '-x', 'dockerd|containerd|containerd-shim-runc-v2'], {
    check: false,
    quiet: true,
  });
  report.check('engine stopped, no process left behind', !processes.stdout.trim(), processes.stdout.trim() || 'none');
}

function parseArguments(args) {
  const parsed = { json: false, base: undefined };
  for (let index = 0; index < args.length; index += 1) {
    if (args[index] === '--json') parsed.json = true;
    else if (args[index] === '--base' && args[index + 1]) parsed.base = args[++index];
    else {
      process.stderr.write('usage: npm run rehearse [-- --json] [-- --base <image>]\n');
      process.exit(2);
    }
  }
  return parsed;
}
