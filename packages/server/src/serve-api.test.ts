import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ConfigError, loadConfig, resolveBuildInfo, type BuildInfo, type LoadedConfig } from '@ragship/core';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createInMemoryVectorStore } from '@ragship/vector-store/testing';
import { serveApi } from './serve-api.js';
import type { RunningServer } from './start-server.js';

const KEY = 'test-key-0123456789abcdef';
const DIGEST = 'ghcr.io/acme/ragship@sha256:4f1d2c0a9b8e7f6d5c4b3a29180716253443526170809a0b1c2d3e4f5a6b7c8d';
const SHA = '0123456789abcdef0123456789abcdef01234567';

let cwd: string;
let registry: Registry;
let servers: RunningServer[];
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ragship-serve-'));
  registry = createSqliteRegistry({ file: ':memory:' });
  servers = [];
});
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close(100)));
  await registry.close();
  rmSync(cwd, { recursive: true, force: true });
});

/** The config a process in `cwd` loads with `variables`, listening on a free loopback port. */
function config(variables: Record<string, string> = {}, yaml?: string): LoadedConfig {
  if (yaml) writeFileSync(path.join(cwd, 'ragship.config.yaml'), yaml);
  const loaded = loadConfig({ cwd, variables });
  return { ...loaded, api: { ...loaded.api, host: '127.0.0.1', port: 0 } };
}

async function serve(loaded: LoadedConfig, build: BuildInfo, lines: string[] = []): Promise<RunningServer> {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const server = await serveApi({
    config: loaded,
    registry,
    store: createInMemoryVectorStore(),
    logger: pino({ level: 'info' }, sink),
    build,
  });
  servers.push(server);
  return server;
}

const build = (variables: Record<string, string>) => resolveBuildInfo(variables, { cwd, version: '0.1.0' });

describe('serveApi', () => {
  it('when the environment requires auth and no API keys are configured, then it refuses to start, saying what to set', async () => {
    const prod = config({ RAGSHIP_ENV: 'prod' }, 'environments:\n  dev: {}\n  prod:\n    api: { requireAuth: true }\n');
    const refused = serve(prod, build({}));
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(
      'Environment "prod" requires API keys (api.requireAuth) but none are configured: ' +
        'set RAGSHIP_API_KEYS or api.keys.',
    );
    expect(servers).toEqual([]);
    // Only prod requires it: dev starts open.
    const dev = await serve(config({ RAGSHIP_ENV: 'dev' }), build({}));
    expect((await fetch(`${dev.url}/healthz`)).status).toBe(200);
  });

  it('when the environment requires auth and RAGSHIP_API_KEYS is set, then it starts and /v1 needs the key', async () => {
    const prod = config({ RAGSHIP_API_KEYS: KEY }, 'api: { requireAuth: true }\n');
    expect(prod.api.requireAuth).toBe(true);
    const server = await serve(prod, build({}));
    const post = (key?: string) =>
      fetch(`${server.url}/v1/retrieve`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify({ query: 'roll back' }),
      });
    expect((await post()).status).toBe(401);
    // With the key: past authentication, to "nothing promoted".
    expect((await post(KEY)).status).toBe(503);
  });

  it('when RAGSHIP_BUILD is set, then /version, /readyz and the start log line name that image; without it, the git SHA', async () => {
    const lines: string[] = [];
    const withDigest = await serve(config(), build({ RAGSHIP_BUILD: DIGEST, RAGSHIP_GIT_SHA: SHA }), lines);
    const expected = { build: DIGEST, gitSha: SHA, version: '0.1.0' };
    expect(await (await fetch(`${withDigest.url}/version`)).json()).toEqual(expected);
    expect(await (await fetch(`${withDigest.url}/readyz`)).json()).toMatchObject({ status: 'ready', build: expected });
    const listening = lines
      .map((line) => JSON.parse(line) as { msg: string })
      .find((line) => line.msg === 'ragship API listening');
    expect(listening).toMatchObject({ build: expected });

    const withoutDigest = await serve(config(), build({ RAGSHIP_GIT_SHA: SHA }));
    expect(await (await fetch(`${withoutDigest.url}/version`)).json()).toEqual({
      build: SHA,
      gitSha: SHA,
      version: '0.1.0',
    });
  });

  it('when no defaultKb is configured, then none is assumed', () => {
    expect(config().defaultKb).toBeUndefined();
    expect(config({}, 'defaultKb: faq\n').defaultKb).toBe('faq');
  });
});
