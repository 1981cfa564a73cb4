import { mkdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import { loadConfig, packageVersion, resolveBuildInfo, type BuildInfo, type LoadedConfig } from '@ragship/core';
import { requireEnvironment, sourceStores, type OperationsContext } from '@ragship/operations';
import type { SourceSettings } from '@ragship/ingest';
import type { SourceStore } from '@ragship/promotion';
import { createRegistry, type Registry } from '@ragship/registry';
import { startTracing, type Tracing } from '@ragship/telemetry';
import { createVectorStore, type VectorStore } from '@ragship/vector-store';
import { ensureEmbeddedChroma, type EmbeddedChroma } from './embedded-chroma.js';
import type { Output } from './output.js';

/** Options every command accepts. */
export interface GlobalOptions {
  json?: boolean;
  config?: string;
  env?: string;
}

/**
 * Whether `RAGSHIP_DEBUG` asks for the stack of an unexpected error. A function, not a
 * {@link CliContext} member: the CLI reports failures that happen before any context exists.
 */
export function debugRequested(): boolean {
  return Boolean(process.env.RAGSHIP_DEBUG);
}

/**
 * What a command runs with: the config (read once, here, with the process environment), the
 * registry, and vector stores opened on demand. {@link CliContext.close} releases them all,
 * stopping an embedded Chroma server this process started. This file is the CLI's edge: no other
 * file of the CLI reads `process.env` (eslint.config.js keeps it so).
 */
export class CliContext implements OperationsContext {
  readonly config: LoadedConfig;
  /**
   * The `--env` given on the command line, if any. Commander parses `--env` anywhere on the line
   * as the global option, so commands with an optional environment filter read it here.
   */
  readonly requestedEnvironment: string | undefined;
  private registryHandle: Registry | undefined;
  private readonly stores = new Map<string, VectorStore>();
  private embedded: EmbeddedChroma | undefined;
  private tracingHandle: Tracing | undefined;
  private buildInfo: BuildInfo | undefined;

  constructor(
    options: GlobalOptions,
    readonly output: Output,
  ) {
    this.requestedEnvironment = options.env;
    this.config = loadConfig({
      cwd: process.cwd(),
      file: options.config,
      environment: options.env,
      variables: process.env,
    });
  }

  get registry(): Registry {
    if (!this.registryHandle) {
      mkdirSync(this.config.dataDirPath, { recursive: true });
      this.registryHandle = createRegistry(this.config.registry.url, this.config.baseDir);
    }
    return this.registryHandle;
  }

  /**
   * The vector store of `environment` (default: the command's), starting embedded Chroma if that is
   * the configuration.
   */
  async store(environment = this.config.environment): Promise<VectorStore> {
    const cached = this.stores.get(environment);
    if (cached) return cached;
    const settings = this.config.environments[environment]?.vectorStore ?? { kind: 'chroma' as const };
    let store: VectorStore;
    if (settings.kind === 'chroma' && !settings.url) {
      this.embedded ??= await this.startEmbedded();
      store = createVectorStore({ ...settings, url: this.embedded.url });
    } else {
      store = createVectorStore(settings);
    }
    await store.ping();
    this.stores.set(environment, store);
    return store;
  }

  /** Throws a usage error naming the configured environments when `environment` is not one. */
  requireEnvironment(environment: string): void {
    requireEnvironment(this.config, environment);
  }

  /**
   * Every configured environment's store, opened only when used: `preferred` environments first
   * (in order, skipping unknown ones), then the rest in config order.
   */
  storesOf(preferred: readonly (string | undefined)[] = []): SourceStore[] {
    return sourceStores(this.config, (environment) => this.store(environment), preferred);
  }

  /** Where this command's runs are traced (off without a collector); flushed by {@link CliContext.close}. */
  get tracing(): Tracing {
    this.tracingHandle ??= startTracing({ ...this.config.tracing, redactPii: this.config.guardrails.redactPii });
    return this.tracingHandle;
  }

  /** The embedded server in use, if any. */
  get embeddedChroma(): EmbeddedChroma | undefined {
    return this.embedded;
  }

  /**
   * The build running this command, resolved once from `RAGSHIP_BUILD` and `RAGSHIP_GIT_SHA` (else
   * the working directory's checkout) with the CLI's package version: recorded in the audit entries
   * of promotions, refusals and rollbacks, and reported by the API that `serve` starts.
   */
  get build(): BuildInfo {
    this.buildInfo ??= resolveBuildInfo(process.env, {
      cwd: process.cwd(),
      version: packageVersion(new URL('../package.json', import.meta.url)),
    });
    return this.buildInfo;
  }

  /** The pipeline code version a manifest records: the build's git SHA (`unknown` when there is none). */
  pipelineVersion(): string {
    return this.build.gitSha;
  }

  /** The bearer key this process sends when it calls a ragship API (`RAGSHIP_API_KEY`), if any. */
  apiClientKey(): string | undefined {
    return process.env.RAGSHIP_API_KEY || undefined;
  }

  /** The log level of the API that `serve` runs (`LOG_LEVEL`, default `info`). */
  get logLevel(): string {
    return process.env.LOG_LEVEL ?? 'info';
  }

  /** The person or system acting, for the audit log. */
  /**
   * How sources fetch (`ingest`, `watch`): the config's `sources`, the file size limit for every
   * kind, and this process's environment for git (its PATH, HOME and ssh setup; git gets only those).
   */
  sourceSettings(): SourceSettings {
    const { sources, ingest } = this.config;
    return {
      web: { ...definedOnly(sources.web), maxFileBytes: ingest.maxFileBytes },
      git: { ...definedOnly(sources.git), environment: process.env },
      s3: { ...definedOnly(sources.s3), maxFileBytes: ingest.maxFileBytes },
    };
  }

  actor(): string {
    return process.env.RAGSHIP_ACTOR ?? process.env.GITHUB_ACTOR ?? process.env.USER ?? userInfo().username;
  }

  async close(): Promise<void> {
    await this.tracingHandle?.shutdown();
    await this.registryHandle?.close();
    await this.embedded?.release();
  }

  private async startEmbedded(): Promise<EmbeddedChroma> {
    this.output.info('Starting the embedded Chroma server…');
    const embedded = await ensureEmbeddedChroma({ dataDir: this.config.dataDirPath, environment: process.env });
    this.output.info(
      embedded.owned
        ? `Embedded Chroma is up at ${embedded.url}`
        : `Using the embedded Chroma already running at ${embedded.url}`,
    );
    return embedded;
  }
}

/** `settings` without its undefined fields, so they leave a source's defaults in place. */
function definedOnly<T extends object>(settings: T): Partial<T> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined)) as Partial<T>;
}
