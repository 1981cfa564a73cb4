import type { Express } from 'express';
import { pino } from 'pino';
import type { BuildInfo } from '@ragship/core';
import { createSqliteRegistry, type Registry } from '@ragship/registry';
import { createExtractiveAnswerer } from '@ragship/retrieval';
import { writeTestVersion } from '@ragship/retrieval/testing';
import type { VectorStore } from '@ragship/vector-store';
import { createInMemoryVectorStore, type InMemoryVectorStore } from '@ragship/vector-store/testing';
import { createApp, type AppDependencies } from '../app.js';
import { createServedIndexResolver } from '../served-index-resolver.js';

/** The build a test app reports at `/version` and in `/readyz`. */
export const TEST_BUILD: BuildInfo = { build: 'sha256:7e57', gitSha: '7e57', version: '0.1.0' };

/**
 * An API over an in-memory registry and vector store for route tests, with a hand-moved clock
 * for the alias refresh. `writeVersion` builds a ready version of a kb (default "docs"), as
 * `writeTestVersion` does; `promote` moves the kb's `dev` alias to it. No default kb is configured.
 */
export interface TestApp<Store extends VectorStore = InMemoryVectorStore> {
  registry: Registry;
  store: Store;
  /** Milliseconds the resolver sees; advance it to pass the refresh interval. */
  clock: { now: number };
  app(overrides?: Partial<AppDependencies>): Express;
  writeVersion(documents: Record<string, string>, kb?: string): Promise<number>;
  promote(version: number, expected: number | null, kb?: string): Promise<void>;
  close(): Promise<void>;
}

export function createTestApp(): TestApp;
/** The same over a given store, e.g. a real Chroma server's. */
export function createTestApp<Store extends VectorStore>(store: Store): TestApp<Store>;
export function createTestApp(given?: VectorStore): TestApp<VectorStore> {
  const registry = createSqliteRegistry({ file: ':memory:' });
  const store = given ?? createInMemoryVectorStore();
  const clock = { now: 0 };
  return {
    registry,
    store,
    clock,
    app(overrides = {}) {
      const resolver = createServedIndexResolver({
        registry: overrides.registry ?? registry,
        store,
        environment: 'dev',
        refreshMs: 2000,
        background: false,
        now: () => clock.now,
        ...(overrides.tracing ? { tracing: overrides.tracing } : {}),
      });
      return createApp({
        resolver,
        store,
        answerer: createExtractiveAnswerer(),
        logger: pino({ level: 'silent' }), // a test that wants the logs passes its own `logger`
        environment: 'dev',
        build: TEST_BUILD,
        bodyLimit: '2kb',
        registry,
        ...overrides,
      });
    },
    writeVersion: (documents, kb) => writeTestVersion(registry, store, documents, kb),
    async promote(version, expected, kb = 'docs') {
      await registry.moveAlias({
        environment: 'dev',
        kb,
        expected,
        to: version,
        actor: 'test',
        action: 'promote',
      });
    },
    close: () => registry.close(),
  };
}
