import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeConfig } from './describe-config.js';
import { baselineQueriesOf, evalDatasetOf, gatesFor } from './kb-settings.js';
import { loadConfig } from './load-config.js';

let cwd: string;
beforeEach(() => {
  cwd = mkdtempSync(path.join(tmpdir(), 'ragship-kb-settings-'));
});
afterEach(() => rmSync(cwd, { recursive: true, force: true }));

function configFile(text: string): string {
  const file = path.join(cwd, 'ragship.config.yaml');
  writeFileSync(file, text);
  return file;
}

const SHARED_FILE = `
registry: { url: '\${DATABASE_URL:-sqlite:.ragship/registry.db}' }
environments:
  dev:
    vectorStore: { kind: chroma, url: '\${CHROMA_URL_DEV:-http://chroma.dev.svc:8000}' }
  staging:
    vectorStore: { kind: chroma, url: '\${CHROMA_URL_STAGING:-http://chroma.staging.svc:8000}' }
    gates: { rejected: { max: 0 } }
  prod:
    vectorStore: { kind: chroma, url: '\${CHROMA_URL_PROD:-http://chroma.prod.svc:8000}' }
    gates: { rejected: { max: 0 }, chunks: { maxDrop: 100 } }
kbs:
  corpus:
    eval: golden
    gates:
      staging: { ndcg@10: { min: 0.6 } }
      prod: { ndcg@10: { min: 0.6, maxDrop: 0.01 }, chunks: { maxDrop: 10 } }
  docs:
    eval: /srv/eval/docs
`;

describe('one config file for every environment', () => {
  it('when strings refer to variables, then set ones replace them and defaults fill the rest', () => {
    const file = configFile(SHARED_FILE);
    const config = loadConfig({ cwd, file, variables: { CHROMA_URL_STAGING: 'http://127.0.0.1:18001' } });
    expect(config.environments.dev?.vectorStore).toEqual({ kind: 'chroma', url: 'http://chroma.dev.svc:8000' });
    expect(config.environments.staging?.vectorStore).toEqual({ kind: 'chroma', url: 'http://127.0.0.1:18001' });
    expect(config.registry.url).toBe('sqlite:.ragship/registry.db');
  });

  it('when a variable is set but empty, then ${NAME:-default} takes the default and ${NAME-default} the empty value', () => {
    const file = configFile("answerer: '${ANSWERER:-extractive}'\nembedder: 'x${EMBEDDER-local}'\n");
    const config = loadConfig({ cwd, file, variables: { ANSWERER: '', EMBEDDER: '' } });
    expect(config.answerer).toBe('extractive');
    expect(config.embedder).toBe('x');
  });

  it('when a variable without a default is unset, then the error names the field and the variable', () => {
    const file = configFile("registry: { url: '${REGISTRY_URL}' }\n");
    expect(() => loadConfig({ cwd, file, variables: {} })).toThrow(
      /registry\.url: the variable REGISTRY_URL is not set/,
    );
  });

  it('when a reference is malformed, then the error says how to write one; $$ is a literal dollar', () => {
    expect(() => loadConfig({ cwd, file: configFile("answerer: '${not closed'\n"), variables: {} })).toThrow(
      /answerer: "\$\{not closed" is not a variable reference/,
    );
    const config = loadConfig({ cwd, file: configFile("embedder: 'cost$$5'\n"), variables: {} });
    expect(config.embedder).toBe('cost$5');
  });
});

describe('per-kb golden sets and gates', () => {
  it('when a kb names gates for an environment, then they add to the environment’s and win on the same metric', () => {
    const config = loadConfig({ cwd, file: configFile(SHARED_FILE), variables: {} });
    expect(gatesFor(config, 'corpus', 'staging')).toEqual({ rejected: { max: 0 }, 'ndcg@10': { min: 0.6 } });
    expect(gatesFor(config, 'corpus', 'prod')).toEqual({
      rejected: { max: 0 },
      chunks: { maxDrop: 10 },
      'ndcg@10': { min: 0.6, maxDrop: 0.01 },
    });
    expect(gatesFor(config, 'docs', 'prod')).toEqual({ rejected: { max: 0 }, chunks: { maxDrop: 100 } });
    expect(gatesFor(config, 'unconfigured', 'dev')).toEqual({});
  });

  it('when a kb names its golden set, then it resolves against the config file and is its drift baseline', () => {
    const config = loadConfig({ cwd, file: configFile(SHARED_FILE), variables: {} });
    expect(evalDatasetOf(config, 'corpus')).toBe(path.join(cwd, 'golden'));
    expect(evalDatasetOf(config, 'docs')).toBe('/srv/eval/docs');
    expect(baselineQueriesOf(config, 'corpus')).toBe(path.join(cwd, 'golden'));
    expect(evalDatasetOf(config, 'other')).toBeUndefined();
  });

  it('when monitoring names baseline queries for a kb, then they win over its golden set', () => {
    const file = configFile(`${SHARED_FILE}monitoring: { drift: { baselineQueries: { corpus: q.txt } } }\n`);
    const config = loadConfig({ cwd, file, variables: {} });
    expect(baselineQueriesOf(config, 'corpus')).toBe(path.join(cwd, 'q.txt'));
  });

  it('when a kb gates an environment that does not exist, then the error names it and the configured ones', () => {
    const file = configFile('environments:\n  dev: {}\nkbs:\n  c:\n    gates: { prod: { chunks: { min: 1 } } }\n');
    expect(() => loadConfig({ cwd, file, variables: {} })).toThrow(
      /kbs\.c\.gates\.prod: no environment "prod" is configured \(dev\)/,
    );
  });
});

describe('describeConfig', () => {
  it('when environments have their own stores, then each is listed and none is reported shared', () => {
    const config = loadConfig({ cwd, file: configFile(SHARED_FILE), variables: { RAGSHIP_ENV: 'prod' } });
    const description = describeConfig(config);
    expect(description.environment).toBe('prod');
    expect(description.stores).toEqual({
      dev: 'http://chroma.dev.svc:8000',
      staging: 'http://chroma.staging.svc:8000',
      prod: 'http://chroma.prod.svc:8000',
    });
    expect(description.sharedStores).toEqual([]);
    expect(description.kbs.corpus?.gates.prod).toMatchObject({ 'ndcg@10': { maxDrop: 0.01 } });
  });

  it('when two environments resolve to one store, then they are reported as sharing it', () => {
    const file = configFile(SHARED_FILE);
    const same = 'http://127.0.0.1:8000';
    const config = loadConfig({ cwd, file, variables: { CHROMA_URL_DEV: same, CHROMA_URL_STAGING: same } });
    expect(describeConfig(config).sharedStores).toEqual([['dev', 'staging']]);
  });

  it('when secrets are configured, then no key, token or password appears in the description', () => {
    const file = configFile(
      'environments:\n  dev: {}\n  prod:\n    vectorStore: { kind: pinecone, apiKey: pc-file-secret }\n',
    );
    const config = loadConfig({
      cwd,
      file,
      variables: {
        DATABASE_URL: 'postgres://ragship:db-pass-123@db.internal:5432/ragship?schema=x',
        RAGSHIP_API_KEYS: 'api-key-0123456789abcdef,api-key-fedcba9876543210',
        OPENAI_API_KEY: 'sk-openai-secret',
        PHOENIX_API_KEY: 'phoenix-secret',
      },
    });
    const text = JSON.stringify(describeConfig(config));
    for (const secret of [
      'db-pass-123',
      'api-key-0123',
      'api-key-fedc',
      'sk-openai-secret',
      'phoenix-secret',
      'pc-file',
    ]) {
      expect(text).not.toContain(secret);
    }
    expect(describeConfig(config).settings).toMatchObject({
      registry: { url: 'postgres://ragship:***@db.internal:5432/ragship?schema=x' },
      api: { keys: ['***', '***'] },
      providers: { openai: { apiKey: '***' } },
      tracing: { apiKey: '***' },
    });
  });
});
