import { existsSync } from 'node:fs';
import path from 'node:path';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { PromotionWorkspace } from '../support/promotion-workspace.js';

/** The browser the tests drive: Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or null when they can (CI sets RAGSHIP_REQUIRE_BROWSER: then they must). */
export function browserMissing(): string | null {
  if (existsSync(CHROMIUM)) return null;
  if (process.env.RAGSHIP_REQUIRE_BROWSER)
    throw new Error(`RAGSHIP_REQUIRE_BROWSER is set but ${CHROMIUM} is missing.`);
  return `${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`;
}

/** A key that may use the console (promote, roll back) and one that may only chat. */
export const OPERATOR_KEY = 'operator-key-for-the-browser-0001';
export const READER_KEY = 'reader-key-for-the-browser-00001';

/**
 * A workspace with the sample docs, dev and prod each on a Chroma server of its own, a SQLite
 * registry, a gate on prod, named API keys, and Phoenix's UI address for trace links; `docs@v1`
 * ingested and promoted to dev and prod with the CLI; the prod API serving.
 */
export class WebAppWorkspace {
  private constructor(
    readonly workspace: PromotionWorkspace,
    private readonly chroma: TestChroma[],
    readonly api: { url: string; stop: () => Promise<number | null>; output: () => string },
  ) {}

  static async start(): Promise<WebAppWorkspace> {
    const [dev, prod] = await Promise.all([startTestChroma(), startTestChroma()]);
    const workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { dev: dev.url, prod: prod.url },
      prodExtra: ['gates: { documents: { min: 5 }, rejectedRate: { max: 0.2 } }'],
      extra: ['tracing:', '  uiUrl: http://127.0.0.1:6006'],
    });
    workspace.env.RAGSHIP_API_KEYS = JSON.stringify([
      { name: 'release-manager', key: OPERATOR_KEY, role: 'operator' },
      { name: 'support-desk', key: READER_KEY, role: 'reader' },
    ]);
    await workspace.json(['ingest', 'docs', '--kb', 'docs', '--env', 'dev']);
    await workspace.json(['promote', 'docs@v1', '--to', 'dev']);
    await workspace.json(['promote', 'docs', '--from', 'dev', '--to', 'prod']);
    const api = await workspace.serve('prod');
    return new WebAppWorkspace(workspace, [dev, prod], api);
  }

  /**
   * Where a page's screenshot goes: `docs/screenshots/` (what the README shows) when
   * `RAGSHIP_UPDATE_SCREENSHOTS` is set, else beside Playwright's other output, so a test run does
   * not rewrite tracked files.
   */
  static screenshot(name: string): string {
    const root = path.join(import.meta.dirname, '..', '..');
    const dir = process.env.RAGSHIP_UPDATE_SCREENSHOTS
      ? path.join(root, 'docs', 'screenshots')
      : path.join(root, '.ragship', 'playwright', 'screenshots');
    return path.join(dir, `${name}.png`);
  }

  async stop(): Promise<void> {
    await this.api.stop();
    await Promise.all(this.chroma.map((server) => server.stop()));
    this.workspace.remove();
  }
}
