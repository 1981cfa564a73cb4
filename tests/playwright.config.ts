import { defineConfig } from '@playwright/test';

/**
 * The web app's end-to-end tests: a real API, real Chroma servers and a real registry, driven in
 * Debian's Chromium (`/usr/bin/chromium`; Playwright's own browser download cannot work here).
 * `npm test` runs them after the vitest suites.
 */
export default defineConfig({
  testDir: './browser',
  testMatch: '**/*.pw.ts',
  timeout: 300_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  reporter: [['list']],
  outputDir: '../.ragship/playwright',
  use: {
    browserName: 'chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    actionTimeout: 15_000,
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update'],
    },
  },
});
