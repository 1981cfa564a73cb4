import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseApiKeys } from './api-keys.js';
import { loadConfig } from './load-config.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ragship-config-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('when there is no config file, then one dev environment on embedded Chroma and state under .ragship', () => {
    const config = loadConfig({ cwd, variables: {} });
    expect(config.configFile).toBeNull();
    expect(config.environment).toBe('dev');
    expect(config.environments).toEqual({
      dev: { vectorStore: { kind: 'chroma' }, gates: {}, consolePromotion: true },
    });
    expect(config.dataDirPath).toBe(path.join(cwd, '.ragship'));
    expect(config.baseDir).toBe(cwd);
    expect(config).toMatchObject({ embedder: 'local', answerer: 'extractive', chunking: { size: 1500, overlap: 300 } });
  });

  it('when CHROMA_URL, DATABASE_URL and RAGSHIP_ENV are set, then they override the defaults', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'environments:\n  dev: {}\n  prod:\n    vectorStore: { kind: chroma, url: http://prod:8000 }\n',
    );
    const config = loadConfig({
      cwd,
      variables: { CHROMA_URL: 'http://127.0.0.1:9000', DATABASE_URL: 'postgres://db/ragship', RAGSHIP_ENV: 'dev' },
    });
    expect(config.environment).toBe('dev');
    expect(config.environments.dev?.vectorStore).toEqual({ kind: 'chroma', url: 'http://127.0.0.1:9000' });
    expect(config.environments.prod?.vectorStore).toEqual({ kind: 'chroma', url: 'http://prod:8000' });
    expect(config.registry.url).toBe('postgres://db/ragship');
  });

  it('when CHROMA_URL is set for one environment, then the other environments keep their own stores', () => {
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), 'environments:\n  dev: {}\n  staging: {}\n');
    const config = loadConfig({ cwd, variables: { CHROMA_URL: 'http://127.0.0.1:9000', RAGSHIP_ENV: 'staging' } });
    expect(config.environments.staging?.vectorStore).toEqual({ kind: 'chroma', url: 'http://127.0.0.1:9000' });
    expect(config.environments.dev?.vectorStore).toEqual({ kind: 'chroma' });
  });

  it('when an environment is on Pinecone, then its index template names the environment and PINECONE_* fill the key and control plane', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'environments:\n' +
        '  dev: {}\n' +
        '  prod_eu:\n' +
        '    vectorStore: { kind: pinecone, region: eu-west-1 }\n' +
        '  shared:\n' +
        '    vectorStore: { kind: pinecone, index: all-kbs, controllerUrl: http://pc.local:5080 }\n',
    );
    const config = loadConfig({
      cwd,
      variables: { PINECONE_API_KEY: 'pc-secret', PINECONE_CONTROLLER_HOST: 'http://127.0.0.1:5080' },
    });
    expect(config.environments.prod_eu?.vectorStore).toEqual({
      kind: 'pinecone',
      index: 'ragship-{kb}-prod-eu',
      cloud: 'aws',
      region: 'eu-west-1',
      apiKey: 'pc-secret',
      controllerUrl: 'http://127.0.0.1:5080',
    });
    expect(config.environments.shared?.vectorStore).toMatchObject({
      index: 'all-kbs',
      controllerUrl: 'http://pc.local:5080',
    });
    expect(() => loadConfig({ cwd, variables: { PINECONE_CONTROLLER_HOST: 'not a url' } })).toThrow(
      /PINECONE_CONTROLLER_HOST is not a URL/,
    );
  });

  it('when RAGSHIP_API_KEYS is set, then its keys replace those of the config, and a short key is refused without showing it', () => {
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), 'api: { keys: [config-key-0123456789] }\n');
    expect(loadConfig({ cwd, variables: {} }).api).toMatchObject({
      keys: ['config-key-0123456789'],
      rateLimit: { requestsPerMinute: 600 },
      cors: { origins: [] },
    });
    const keys = 'first-key-0123456789, second-key-0123456789';
    expect(loadConfig({ cwd, variables: { RAGSHIP_API_KEYS: keys } }).api.keys).toEqual([
      'first-key-0123456789',
      'second-key-0123456789',
    ]);
    const refused = () => loadConfig({ cwd, variables: { RAGSHIP_API_KEYS: 'first-key-0123456789,tiny' } });
    expect(refused).toThrow(/key 2 of 2 is shorter than 16 characters/);
    expect(refused).not.toThrow(/tiny/);
  });

  it('when a Redis URL and a trusted proxy are set, then they load, RAGSHIP_REDIS_URL wins, and bad values are named', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      "api: { trustProxy: 'loopback, 10.0.0.0/8', rateLimit: { requestsPerMinute: 60, redisUrl: 'redis://cache:6379' } }\n",
    );
    expect(loadConfig({ cwd, variables: {} }).api).toMatchObject({
      trustProxy: 'loopback, 10.0.0.0/8',
      rateLimit: { requestsPerMinute: 60, failedAuthPerMinute: 10, redisUrl: 'redis://cache:6379' },
    });
    const secret = 'rediss://:pa55word@cache.internal:6380';
    expect(loadConfig({ cwd, variables: { RAGSHIP_REDIS_URL: secret } }).api.rateLimit.redisUrl).toBe(secret);
    const badVariable = () => loadConfig({ cwd, variables: { RAGSHIP_REDIS_URL: 'http://:pa55word@cache' } });
    expect(badVariable).toThrow(/RAGSHIP_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
    expect(badVariable).not.toThrow(/pa55word/);
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), "api: { trustProxy: '10.0.0.0/99' }\n");
    expect(() => loadConfig({ cwd, variables: {} })).toThrow(/api.trustProxy/);
  });

  it('when keys carry a name, a role and kbs, then they load beside bare keys, and RAGSHIP_API_KEYS takes them as JSON', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'api:\n  keys:\n    - reader-key-0123456789\n    - { name: ci, key: operator-key-0123456789, role: operator, kbs: [docs] }\n',
    );
    const keys = loadConfig({ cwd, variables: {} }).api.keys;
    expect(normaliseApiKeys(keys)).toEqual([
      { name: 'key-1', key: 'reader-key-0123456789', role: 'reader', kbs: null },
      { name: 'ci', key: 'operator-key-0123456789', role: 'operator', kbs: ['docs'] },
    ]);
    const fromVariable = loadConfig({
      cwd,
      variables: { RAGSHIP_API_KEYS: '[{"name":"ops","key":"admin-key-0123456789","role":"admin"}]' },
    }).api.keys;
    expect(normaliseApiKeys(fromVariable)).toEqual([
      { name: 'ops', key: 'admin-key-0123456789', role: 'admin', kbs: null },
    ]);
    const badRole = () =>
      loadConfig({
        cwd,
        variables: { RAGSHIP_API_KEYS: '[{"name":"ops","key":"admin-key-0123456789","role":"root"}]' },
      });
    expect(badRole).toThrow(/RAGSHIP_API_KEYS: api\.keys\.0\.role: Invalid option/);
    expect(badRole).not.toThrow(/admin-key-0123456789/);
    expect(() => loadConfig({ cwd, variables: { RAGSHIP_API_KEYS: '[oops' } })).toThrow(/not a JSON array/);
  });

  it('when no collector is configured, then tracing is off and its project is named after the environment', () => {
    expect(loadConfig({ cwd, variables: {} }).tracing).toEqual({
      endpoint: null,
      projectName: 'ragship-dev',
      hideInputs: false,
      hideOutputs: false,
    });
  });

  it('when PHOENIX_* and OPENINFERENCE_HIDE_* are set, then they override the file, and a bad value is named', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'tracing: { endpoint: http://phoenix-in-file:6006, projectName: from-file }\n',
    );
    const variables = {
      PHOENIX_COLLECTOR_ENDPOINT: 'http://phoenix:6006',
      PHOENIX_API_KEY: 'phx-key',
      OPENINFERENCE_HIDE_INPUTS: 'true',
      OPENINFERENCE_HIDE_OUTPUTS: '0',
    };
    expect(loadConfig({ cwd, variables }).tracing).toEqual({
      endpoint: 'http://phoenix:6006',
      projectName: 'from-file',
      apiKey: 'phx-key',
      hideInputs: true,
      hideOutputs: false,
    });
    expect(() => loadConfig({ cwd, variables: { OPENINFERENCE_HIDE_INPUTS: 'maybe' } })).toThrow(
      /OPENINFERENCE_HIDE_INPUTS must be true or false, got "maybe"/,
    );
    expect(() => loadConfig({ cwd, variables: { PHOENIX_COLLECTOR_ENDPOINT: 'phoenix:6006' } })).toThrow(
      /PHOENIX_COLLECTOR_ENDPOINT: tracing\.endpoint: tracing\.endpoint must be an http\(s\) URL/,
    );
  });

  it('when a field is invalid, then the error names the field', () => {
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), 'chunking: { size: 100, overlap: 200 }\n');
    expect(() => loadConfig({ cwd, variables: {} })).toThrow(
      /chunking\.overlap: chunking\.overlap must be smaller than chunking\.size/,
    );
  });

  it('when a gate names an LLM-judged metric, then the config is refused: those metrics are advisory', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'environments: { prod: { vectorStore: { kind: chroma }, gates: { judge.faithfulness: { min: 0.8 } } } }\n',
    );
    expect(() => loadConfig({ cwd, variables: {} })).toThrow(/judge\.\*\) are advisory and cannot gate/);
  });

  it('when RAGSHIP_DATA_DIR is set, then state goes there, relative to the working directory', () => {
    expect(loadConfig({ cwd, variables: { RAGSHIP_DATA_DIR: 'state' } }).dataDirPath).toBe(path.join(cwd, 'state'));
  });

  it('when drift monitoring is configured, then its settings apply, and a verdict before a full window is refused past it', () => {
    expect(loadConfig({ cwd, variables: {} }).monitoring.drift).toEqual({
      threshold: 0.25,
      window: 200,
      trafficBaseline: 500,
      baselineQueries: {},
    });
    const file = path.join(cwd, 'ragship.config.yaml');
    writeFileSync(file, 'monitoring: { drift: { window: 100, baselineQueries: { docs: eval/q.jsonl } } }\n');
    expect(loadConfig({ cwd, variables: {} }).monitoring.drift).toMatchObject({
      window: 100,
      baselineQueries: { docs: 'eval/q.jsonl' },
    });
    writeFileSync(file, 'monitoring: { drift: { window: 100, minSamples: 150 } }\n');
    expect(() => loadConfig({ cwd, variables: {} })).toThrow(
      /monitoring\.drift\.minSamples: monitoring\.drift\.minSamples must not exceed monitoring\.drift\.window/,
    );
  });

  it('when a key is unknown or the YAML is broken, then the error says so', () => {
    writeFileSync(path.join(cwd, 'a.yaml'), 'embeder: local\n');
    expect(() => loadConfig({ cwd, file: 'a.yaml', variables: {} })).toThrow(/Unrecognized key.*embeder/);
    writeFileSync(path.join(cwd, 'b.yaml'), 'chunking: [\n');
    expect(() => loadConfig({ cwd, file: 'b.yaml', variables: {} })).toThrow(/Cannot parse .*b\.yaml as YAML/);
  });

  it('when the environment or the config file does not exist, then the error lists what does', () => {
    expect(() => loadConfig({ cwd, environment: 'prod', variables: {} })).toThrow(
      'Unknown environment "prod"; configured: dev.',
    );
    expect(() => loadConfig({ cwd, file: 'missing.yaml', variables: {} })).toThrow(/Config file not found/);
  });

  it('when an environment overrides api settings, then that environment gets them and RAGSHIP_PORT and RAGSHIP_HOST win over both', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'api: { port: 4000, aliasRefreshSeconds: 5 }\nenvironments:\n  dev: {}\n  prod:\n    api: { port: 8080 }\n',
    );
    expect(loadConfig({ cwd, variables: {} }).api).toMatchObject({ port: 4000, aliasRefreshSeconds: 5 });
    expect(loadConfig({ cwd, environment: 'prod', variables: {} }).api).toMatchObject({
      port: 8080,
      aliasRefreshSeconds: 5,
    });
    expect(loadConfig({ cwd, environment: 'prod', variables: { RAGSHIP_PORT: '9090' } }).api.port).toBe(9090);
    expect(loadConfig({ cwd, variables: { RAGSHIP_HOST: '127.0.0.1' } }).api.host).toBe('127.0.0.1');
  });

  it('when an environment overrides guardrails, then that environment gets them over the top level, setting by setting', () => {
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'guardrails: { instructionChunks: exclude }\nenvironments:\n  dev: {}\n  prod:\n    guardrails: { redactPii: true }\n',
    );
    expect(loadConfig({ cwd, variables: {} }).guardrails).toMatchObject({
      instructionChunks: 'exclude',
      downrankFactor: 0.5,
      redactPii: false,
    });
    expect(loadConfig({ cwd, environment: 'prod', variables: {} }).guardrails).toMatchObject({
      instructionChunks: 'exclude',
      downrankFactor: 0.5,
      redactPii: true,
    });
    writeFileSync(
      path.join(cwd, 'ragship.config.yaml'),
      'environments:\n  prod:\n    guardrails: { redactPII: true }\n',
    );
    expect(() => loadConfig({ cwd, environment: 'prod', variables: {} })).toThrow(/redactPII/);
  });

  it('when a gate names no bound, then the error names the gate', () => {
    writeFileSync(path.join(cwd, 'ragship.config.yaml'), 'environments:\n  prod:\n    gates: { ndcg@10: {} }\n');
    expect(() => loadConfig({ cwd, environment: 'prod', variables: {} })).toThrow(
      /environments\.prod\.gates\.ndcg@10: a gate needs at least one of min, max, maxDrop, maxRise/,
    );
  });
});
