import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, errorMessage } from './errors.js';
import { configSchema, type RagshipConfig } from './config-schema.js';
import { interpolateVariables, type VariableSource } from './interpolate-variables.js';

/** The environment variables ragship reads, once, at its edge. */
export interface RagshipEnvironmentVariables {
  RAGSHIP_ENV?: string | undefined;
  CHROMA_URL?: string | undefined;
  DATABASE_URL?: string | undefined;
  RAGSHIP_PORT?: string | undefined;
  RAGSHIP_HOST?: string | undefined;
  RAGSHIP_DATA_DIR?: string | undefined;
  RAGSHIP_API_KEYS?: string | undefined;
  /** Redis for rate-limit counters shared by replicas; overrides `api.rateLimit.redisUrl`. */
  RAGSHIP_REDIS_URL?: string | undefined;
  RAGSHIP_GIT_USERNAME?: string | undefined;
  RAGSHIP_GIT_PASSWORD?: string | undefined;
  RAGSHIP_S3_ENDPOINT?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OLLAMA_BASE_URL?: string | undefined;
  PINECONE_API_KEY?: string | undefined;
  PINECONE_CONTROLLER_HOST?: string | undefined;
  PHOENIX_COLLECTOR_ENDPOINT?: string | undefined;
  PHOENIX_API_KEY?: string | undefined;
  PHOENIX_PROJECT_NAME?: string | undefined;
  OPENINFERENCE_HIDE_INPUTS?: string | undefined;
  OPENINFERENCE_HIDE_OUTPUTS?: string | undefined;
  /** What was deployed, e.g. the image digest CD runs; see `resolveBuildInfo`. */
  RAGSHIP_BUILD?: string | undefined;
  /** The commit the image was built from (baked in at build time); see `resolveBuildInfo`. */
  RAGSHIP_GIT_SHA?: string | undefined;
}

/** The configuration a process runs with: the file's settings plus the environment's overrides. */
export interface LoadedConfig extends Omit<RagshipConfig, 'tracing'> {
  /** Tracing with the environment's overrides applied and the project name resolved. */
  tracing: Omit<RagshipConfig['tracing'], 'projectName'> & { projectName: string };
  /** The environment this process acts in (`--env`, else `RAGSHIP_ENV`, else `dev`). */
  environment: string;
  /** Absolute path of the config file read, or null when none was found. */
  configFile: string | null;
  /** Absolute directory for local state. */
  dataDirPath: string;
  /** Absolute directory relative paths in the config resolve against: the config file's, else the working directory. */
  baseDir: string;
}

export const DEFAULT_CONFIG_FILE = 'ragship.config.yaml';

/**
 * Reads, validates and resolves the configuration. `file` is the `--config` value; without it
 * `ragship.config.yaml` in `cwd` is read when present. `${NAME}` and `${NAME:-default}` in the
 * file's strings are replaced from `variables` first (see {@link interpolateVariables}), so one
 * file can serve every environment. Throws {@link ConfigError} naming the offending field.
 */
export function loadConfig(options: {
  cwd: string;
  file?: string | undefined;
  environment?: string | undefined;
  /** The process environment: the variables below, and any a config file refers to as `${NAME}`. */
  variables: RagshipEnvironmentVariables & VariableSource;
}): LoadedConfig {
  const { cwd, variables } = options;
  const configFile = resolveConfigFile(cwd, options.file);
  const raw = configFile ? interpolateVariables(readYaml(configFile), variables, configFile) : {};
  const config = parseConfig(raw, configFile ?? 'the default configuration');
  const environment = options.environment ?? (variables.RAGSHIP_ENV || undefined) ?? 'dev';
  const current = config.environments[environment];
  if (!current) {
    const known = Object.keys(config.environments).join(', ');
    throw new ConfigError(`Unknown environment "${environment}"; configured: ${known}.`, 'environments');
  }

  if (variables.DATABASE_URL) config.registry.url = variables.DATABASE_URL;
  if (variables.OPENAI_API_KEY) config.providers.openai.apiKey = variables.OPENAI_API_KEY;
  if (variables.OPENAI_BASE_URL) config.providers.openai.baseUrl = variables.OPENAI_BASE_URL;
  if (variables.OLLAMA_BASE_URL) config.providers.ollama.baseUrl = variables.OLLAMA_BASE_URL;
  // Only the environment this process acts in: other environments keep their own stores (or the
  // embedded server), so two environments never silently share one Chroma through this variable.
  if (variables.CHROMA_URL && current.vectorStore.kind === 'chroma' && !current.vectorStore.url) {
    current.vectorStore.url = variables.CHROMA_URL;
  }

  for (const [name, environment] of Object.entries(config.environments)) {
    const store = environment.vectorStore;
    if (store.kind !== 'pinecone') continue;
    store.index = store.index.replaceAll('{env}', name.replaceAll('_', '-'));
    if (variables.PINECONE_API_KEY) store.apiKey = variables.PINECONE_API_KEY;
    if (variables.PINECONE_CONTROLLER_HOST && !store.controllerUrl) {
      if (!URL.canParse(variables.PINECONE_CONTROLLER_HOST)) {
        throw new ConfigError(
          `PINECONE_CONTROLLER_HOST is not a URL: "${variables.PINECONE_CONTROLLER_HOST}".`,
          'PINECONE_CONTROLLER_HOST',
        );
      }
      store.controllerUrl = variables.PINECONE_CONTROLLER_HOST;
    }
  }

  // The environment's own API settings win over the top level's; RAGSHIP_PORT and RAGSHIP_HOST win over both.
  const overrides = Object.fromEntries(Object.entries(current.api ?? {}).filter(([, value]) => value !== undefined));
  const api = { ...config.api, ...overrides };
  if (variables.RAGSHIP_PORT) api.port = parsePort(variables.RAGSHIP_PORT);
  if (variables.RAGSHIP_HOST) api.host = variables.RAGSHIP_HOST;
  if (variables.RAGSHIP_API_KEYS) api.keys = parseApiKeys(variables.RAGSHIP_API_KEYS);
  if (variables.RAGSHIP_REDIS_URL)
    api.rateLimit = { ...api.rateLimit, redisUrl: parseRedisUrl(variables.RAGSHIP_REDIS_URL) };
  // The environment's own guardrails win over the top level's, setting by setting (PII redaction in staging and prod).
  const guardrails = {
    ...config.guardrails,
    ...Object.fromEntries(Object.entries(current.guardrails ?? {}).filter(([, value]) => value !== undefined)),
  };
  const baseDir = configFile ? path.dirname(configFile) : cwd;
  const sources = resolveSources(config.sources, variables);
  const tracing = resolveTracing(config.tracing, environment, variables);
  return {
    ...config,
    api,
    guardrails,
    sources,
    tracing,
    environment,
    configFile,
    baseDir,
    // RAGSHIP_DATA_DIR (relative to the working directory) wins: containers put state on a volume.
    dataDirPath: variables.RAGSHIP_DATA_DIR
      ? path.resolve(cwd, variables.RAGSHIP_DATA_DIR)
      : path.resolve(baseDir, config.dataDir),
  };
}

/** `RAGSHIP_GIT_USERNAME`/`RAGSHIP_GIT_PASSWORD` and `RAGSHIP_S3_ENDPOINT` win over the file's `sources`. */
function resolveSources(
  sources: RagshipConfig['sources'],
  variables: RagshipEnvironmentVariables,
): RagshipConfig['sources'] {
  const git = { ...sources.git };
  if (variables.RAGSHIP_GIT_USERNAME) git.username = variables.RAGSHIP_GIT_USERNAME;
  if (variables.RAGSHIP_GIT_PASSWORD) git.password = variables.RAGSHIP_GIT_PASSWORD;
  const s3 = { ...sources.s3 };
  if (variables.RAGSHIP_S3_ENDPOINT) s3.endpoint = variables.RAGSHIP_S3_ENDPOINT;
  return { ...sources, git, s3 };
}

/**
 * `PHOENIX_COLLECTOR_ENDPOINT`, `PHOENIX_API_KEY`, `PHOENIX_PROJECT_NAME` and
 * `OPENINFERENCE_HIDE_INPUTS`/`_OUTPUTS` (`true`/`false`) win over the file; the project is
 * `ragship-<environment>` unless named.
 */
function resolveTracing(
  tracing: RagshipConfig['tracing'],
  environment: string,
  variables: RagshipEnvironmentVariables,
): LoadedConfig['tracing'] {
  const resolved = { ...tracing, projectName: tracing.projectName ?? `ragship-${environment}` };
  if (variables.PHOENIX_COLLECTOR_ENDPOINT) {
    resolved.endpoint = parseConfig(
      { tracing: { endpoint: variables.PHOENIX_COLLECTOR_ENDPOINT } },
      'PHOENIX_COLLECTOR_ENDPOINT',
    ).tracing.endpoint;
  }
  if (variables.PHOENIX_API_KEY) resolved.apiKey = variables.PHOENIX_API_KEY;
  if (variables.PHOENIX_PROJECT_NAME) resolved.projectName = variables.PHOENIX_PROJECT_NAME;
  const hideInputs = parseFlag(variables.OPENINFERENCE_HIDE_INPUTS, 'OPENINFERENCE_HIDE_INPUTS');
  if (hideInputs !== undefined) resolved.hideInputs = hideInputs;
  const hideOutputs = parseFlag(variables.OPENINFERENCE_HIDE_OUTPUTS, 'OPENINFERENCE_HIDE_OUTPUTS');
  if (hideOutputs !== undefined) resolved.hideOutputs = hideOutputs;
  return resolved;
}

function parseFlag(text: string | undefined, name: string): boolean | undefined {
  if (text === undefined || text === '') return undefined;
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new ConfigError(`${name} must be true or false, got "${text.slice(0, 40)}".`, name);
}

/**
 * `RAGSHIP_API_KEYS`: comma-separated keys (readers), each at least 16 characters, or a JSON array
 * of `api.keys` entries (`[{"name":"ci","key":"…","role":"operator"}]`). A message never shows a key.
 */
function parseApiKeys(text: string): RagshipConfig['api']['keys'] {
  if (text.trimStart().startsWith('[')) {
    let entries: unknown;
    try {
      entries = JSON.parse(text);
    } catch {
      throw new ConfigError('RAGSHIP_API_KEYS starts with "[" but is not a JSON array.', 'RAGSHIP_API_KEYS');
    }
    return parseConfig({ api: { keys: entries } }, 'RAGSHIP_API_KEYS').api.keys;
  }
  const keys = text
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  const short = keys.findIndex((key) => key.length < 16);
  if (short >= 0) {
    throw new ConfigError(
      `RAGSHIP_API_KEYS: key ${short + 1} of ${keys.length} is shorter than 16 characters.`,
      'RAGSHIP_API_KEYS',
    );
  }
  return keys;
}

/** Validates an already-parsed config object. Exported for tests and for callers that build config in code. */
export function parseConfig(raw: unknown, origin: string): RagshipConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  const issue = explainedIssue(result.error.issues[0] as z.core.$ZodIssue);
  const field = issue.path.join('.') || '(root)';
  throw new ConfigError(`Invalid configuration in ${origin}: ${field}: ${issue.message}`, field);
}

/**
 * For a value that matches none of a union's forms (an `api.keys` entry: a string or an object),
 * the issue of the form it was meant as — the one that got past the type check — with its full path;
 * else the issue as it is.
 */
function explainedIssue(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union') return issue;
  const meant = issue.errors.find((branch) => branch[0] !== undefined && branch[0].code !== 'invalid_type')?.[0];
  return meant ? { ...meant, path: [...issue.path, ...meant.path] } : issue;
}

function resolveConfigFile(cwd: string, file: string | undefined): string | null {
  if (file) {
    const absolute = path.resolve(cwd, file);
    if (!existsSync(absolute)) throw new ConfigError(`Config file not found: ${absolute}`, '--config');
    return absolute;
  }
  const candidate = path.join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(candidate) ? candidate : null;
}

function readYaml(file: string): unknown {
  try {
    return parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`Cannot parse ${file} as YAML: ${errorMessage(error)}`, undefined, { cause: error });
  }
}

/** `RAGSHIP_REDIS_URL`, checked as the file's `api.rateLimit.redisUrl` is; the message never repeats it (it may hold a password). */
function parseRedisUrl(text: string): string {
  const protocol = URL.canParse(text) ? new URL(text).protocol : '';
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new ConfigError('RAGSHIP_REDIS_URL must be a redis:// or rediss:// URL.', 'RAGSHIP_REDIS_URL');
  }
  return text;
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`RAGSHIP_PORT must be a port number, got "${text}".`, 'RAGSHIP_PORT');
  }
  return port;
}
