import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, startCli, type CliRun } from './run-cli.js';

const SAMPLE_DOCS = fileURLToPath(new URL('../../docs', import.meta.url));

/** Settings of a test workspace's config file. */
export interface WorkspaceConfig {
  registryUrl: string;
  /** Per environment: a Chroma URL, or the YAML lines of another `vectorStore` (e.g. `kind: pinecone`). */
  stores: Record<string, string | string[]>;
  /** YAML lines added under `environments.prod`. */
  prodExtra?: string[];
  /** YAML lines added under other environments, by name. */
  environmentExtra?: Record<string, string[]>;
  /** Top-level YAML lines (e.g. an embedder). */
  extra?: string[];
}

/**
 * A working directory with the sample docs and a ragship.config.yaml naming each environment's
 * store and the registry; `cli` runs ragship in it with a fixed actor and no CHROMA_URL (which
 * would override every environment's store).
 */
export class PromotionWorkspace {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'ragship-promotion-'));
  readonly env: Record<string, string> = { CHROMA_URL: '', DATABASE_URL: '', RAGSHIP_ACTOR: 'e2e', RAGSHIP_ENV: '' };

  constructor(private readonly settings: WorkspaceConfig) {
    cpSync(SAMPLE_DOCS, path.join(this.dir, 'docs'), { recursive: true });
    this.writeConfig('ragship.config.yaml', settings);
  }

  writeConfig(file: string, settings: WorkspaceConfig = this.settings): string {
    const lines = [
      'registry:',
      `  url: ${JSON.stringify(settings.registryUrl)}`,
      ...(settings.extra ?? []),
      'environments:',
      ...Object.entries(settings.stores).flatMap(([name, store]) => [
        `  ${name}:`,
        '    vectorStore:',
        ...(typeof store === 'string' ? ['kind: chroma', `url: ${store}`] : store).map((line) => `      ${line}`),
        '    api:',
        '      aliasRefreshSeconds: 1',
        // The traffic test sends thousands of requests a minute from one address.
        '      rateLimit: { requestsPerMinute: 0 }',
        ...(name === 'prod' ? (settings.prodExtra ?? []).map((line) => `    ${line}`) : []),
        ...(settings.environmentExtra?.[name] ?? []).map((line) => `    ${line}`),
      ]),
    ];
    writeFileSync(path.join(this.dir, file), `${lines.join('\n')}\n`);
    return file;
  }

  writeDoc(name: string, text: string): void {
    writeFileSync(path.join(this.dir, 'docs', name), text);
  }

  removeDoc(name: string): void {
    rmSync(path.join(this.dir, 'docs', name), { force: true });
  }

  cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
    return runCli(args, { cwd: this.dir, env: { ...this.env, ...env } });
  }

  /** Runs a command with `--json` and parses its stdout; fails the test with stderr when it exits non-zero. */
  async json<T>(args: string[], env: Record<string, string> = {}): Promise<T> {
    const run = await this.cli([...args, '--json'], env);
    if (run.code !== 0) throw new Error(`ragship ${args.join(' ')} exited ${run.code}:\n${run.stderr}`);
    return JSON.parse(run.stdout) as T;
  }

  /** Starts `ragship --env <environment> serve` on a free port and returns its URL. */
  async serve(environment: string): Promise<{ url: string; stop: () => Promise<number | null>; output: () => string }> {
    const server = startCli(['--env', environment, 'serve', '--port', '0', '--json'], { cwd: this.dir, env: this.env });
    const [, url] = await server.waitFor(/"url": "(http:\/\/[^"]+)"/);
    return { url: url!, stop: () => server.stop('SIGTERM'), output: server.output };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
