import { defineConfig, type ViteUserConfig } from 'vitest/config';

/**
 * Test settings every workspace shares. Workspace packages resolve to their TypeScript sources
 * through the `@ragship/source` export condition, so tests never need a prior build.
 * `npm run test` in a package runs `*.test.ts`; `npm run test:int` runs `*.int.test.ts`.
 */
export function sharedVitestConfig(kind: 'unit' | 'int' | 'e2e'): ViteUserConfig {
  // Vite's default server conditions plus ours, less `module`: it points some packages (e.g.
  // @opentelemetry/api) at builds with extensionless imports that Node cannot load.
  const conditions = ['@ragship/source', 'node', 'development|production'];
  const include = {
    unit: ['src/**/*.test.ts'],
    int: ['src/**/*.int.test.ts'],
    e2e: ['**/*.e2e.test.ts'],
  }[kind];
  return defineConfig({
    resolve: { conditions },
    ssr: { resolve: { conditions } },
    test: {
      include,
      exclude: kind === 'unit' ? ['**/*.int.test.ts', '**/node_modules/**'] : ['**/node_modules/**'],
      testTimeout: kind === 'unit' ? 10_000 : 120_000,
      hookTimeout: kind === 'unit' ? 10_000 : 120_000,
      pool: 'forks',
      env: {
        // testcontainers' reaper (Ryuk) is an image of its own, which machines without an image
        // registry cannot pull; the Chroma fixture removes its containers in stop() instead.
        TESTCONTAINERS_RYUK_DISABLED: process.env.TESTCONTAINERS_RYUK_DISABLED ?? 'true',
        // Test containers share the host's network, so they are reached on loopback. Without this,
        // testcontainers (seeing /.dockerenv) asks for the "bridge" network's gateway, and an engine
        // without a bridge makes it give up on the runtime altogether.
        TESTCONTAINERS_HOST_OVERRIDE: process.env.TESTCONTAINERS_HOST_OVERRIDE ?? '127.0.0.1',
      },
    },
  });
}
