import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { startOpenAICompatibleServer, type OpenAICompatibleServer } from '@ragship/embeddings/testing';
import { runCli, startCli, type CliProcess } from './support/run-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const EXAMPLE = path.join(ROOT, 'examples', 'langchain', 'retriever-chain.mjs');
const SAMPLE_DOCS = path.join(ROOT, 'docs');
const QUESTION = 'How do I roll back an index?';

/** Runs the example as a user would, with Node, to completion. */
function runExample(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [EXAMPLE, ...args],
      { cwd: ROOT, env: { ...process.env, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('the LangChain example chain against a running ragship API (sample docs, real Chroma)', () => {
  let chroma: TestChroma;
  let workdir: string;
  let server: CliProcess;
  let url: string;
  // The chat model is a local OpenAI-compatible test double (no hosted LLM runs here): it answers
  // "Answer to: <the prompt's human message>", so what it was given shows in what it says.
  let llm: OpenAICompatibleServer;

  beforeAll(async () => {
    // The example imports @ragship/langchain's build, as an app outside this repository would.
    expect(existsSync(path.join(ROOT, 'packages/langchain/dist/index.js')), 'build first: npm run build').toBe(true);
    chroma = await startTestChroma();
    llm = await startOpenAICompatibleServer({ apiKey: 'sk-e2e-langchain-0123456789' });
    workdir = mkdtempSync(path.join(tmpdir(), 'ragship-langchain-e2e-'));
    cpSync(SAMPLE_DOCS, path.join(workdir, 'docs'), { recursive: true });
    const env = { CHROMA_URL: chroma.url, RAGSHIP_ACTOR: 'e2e' };
    const ingested = await runCli(['ingest', 'docs', '--kb', 'docs', '--json'], { cwd: workdir, env });
    expect(ingested.code, ingested.stderr).toBe(0);
    const promoted = await runCli(['promote', 'docs@v1', '--to', 'dev', '--json'], { cwd: workdir, env });
    expect(promoted.code, promoted.stderr).toBe(0);
    server = startCli(['serve', '--port', '0', '--json'], { cwd: workdir, env });
    [, url = ''] = await server.waitFor(/"url": "(http:\/\/[^"]+)"/);
  });
  afterAll(async () => {
    await server?.stop('SIGTERM');
    await llm?.close();
    await chroma?.stop();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('when run without --model, then it prints the retrieved documents labelled kb@version and exits 0', async () => {
    const run = await runExample(['--url', url, '--kb', 'docs', QUESTION]);

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^\[docs@v1\] rolling-back\.md \(score \d\.\d{3}\)\n {2}\S/m);
    expect(llm.requests).toHaveLength(0);
  });

  it('when run with --model openai:<name>, then the chain sends the labelled sources to the model and prints its answer', async () => {
    const run = await runExample(['--url', url, '--model', 'openai:gpt-4o-mini', QUESTION], {
      OPENAI_BASE_URL: llm.baseUrl,
      OPENAI_API_KEY: 'sk-e2e-langchain-0123456789',
    });

    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Answer to: Sources:\n\[docs@v1\] rolling-back\.md\n/);
    expect(run.stdout).toContain(`Question: ${QUESTION}`);
    const sent = llm.requests.at(-1)!;
    expect(sent).toMatchObject({ path: '/v1/chat/completions', authorized: true, body: { model: 'gpt-4o-mini' } });
  });

  it('when the API serves another environment than asked for, then it exits 1 naming both', async () => {
    const run = await runExample(['--url', url, '--environment', 'prod', QUESTION]);

    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`error: The ragship API at ${url} serves environment "dev", not "prod".\n`);
  });
});
