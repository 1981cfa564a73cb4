import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { runCli, startCli } from './support/run-cli.js';

const SAMPLE_DOCS = fileURLToPath(new URL('../docs', import.meta.url));

interface ChatBody {
  answer: string;
  citations: { n: number; docId: string; source: string }[];
  indexVersion: string;
  environment: string;
}

async function ask(url: string, question: string): Promise<{ status: number; version: string | null; body: ChatBody }> {
  const response = await fetch(`${url}/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ question }),
  });
  return {
    status: response.status,
    version: response.headers.get('x-index-version'),
    body: (await response.json()) as ChatBody,
  };
}

describe('ingest → promote → serve against a real Chroma server (CHROMA_URL)', () => {
  let chroma: TestChroma;
  let workdir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workdir = mkdtempSync(path.join(tmpdir(), 'ragship-e2e-'));
    cpSync(SAMPLE_DOCS, path.join(workdir, 'docs'), { recursive: true });
    env = { CHROMA_URL: chroma.url, RAGSHIP_ACTOR: 'e2e' };
  });
  afterAll(async () => {
    await chroma?.stop();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('when the sample docs are ingested, promoted and served, then chat answers with citations into them', async () => {
    const ingested = await runCli(['ingest', 'docs', '--kb', 'docs', '--json'], { cwd: workdir, env });
    expect(ingested.code, ingested.stderr).toBe(0);
    const result = JSON.parse(ingested.stdout) as {
      version: string;
      status: string;
      documents: { added: number };
      chunks: { total: number };
    };
    expect(result).toMatchObject({ version: 'v1', status: 'ready' });
    expect(result.documents.added).toBeGreaterThanOrEqual(5);

    const promoted = await runCli(['promote', 'docs@v1', '--to', 'dev', '--json'], { cwd: workdir, env });
    expect(promoted.code, promoted.stderr).toBe(0);
    expect(JSON.parse(promoted.stdout)).toMatchObject({ kb: 'docs', environment: 'dev', from: null, to: 'v1' });

    const server = startCli(['serve', '--port', '0', '--json'], { cwd: workdir, env });
    try {
      const [, url] = await server.waitFor(/"url": "(http:\/\/[^"]+)"/);
      const { status, version, body } = await ask(url!, 'How do I roll back an index?');
      expect(status).toBe(200);
      expect(version).toBe('docs@v1');
      expect(body).toMatchObject({ indexVersion: 'v1', environment: 'dev' });
      expect(body.answer).toMatch(/ragship rollback/);
      expect(body.citations.map((citation) => citation.docId)).toContain('rolling-back.md');
      expect(body.citations.every((citation) => citation.source.includes('/docs/'))).toBe(true);

      const invalid = await fetch(`${url}/v1/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"question":42}',
      });
      expect(invalid.status).toBe(400);
      expect(await invalid.json()).toMatchObject({ error: { code: 'INVALID_INPUT', requestId: expect.any(String) } });
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }

    const again = await runCli(['ingest', 'docs', '--kb', 'docs', '--json'], { cwd: workdir, env });
    expect(JSON.parse(again.stdout)).toMatchObject({ version: null, status: 'unchanged', parent: 'v1' });
  });

  it('when a command is given bad input, then it exits 2 with a message naming the problem', async () => {
    const badKb = await runCli(['ingest', 'docs', '--kb', 'Bad Name!'], { cwd: workdir, env });
    expect(badKb.code).toBe(2);
    expect(badKb.stderr).toMatch(/not a valid kb name/);
    const noDataset = await runCli(['eval', 'docs@v1'], { cwd: workdir, env });
    expect(noDataset.code).toBe(2);
    expect(noDataset.stderr).toMatch(
      /Say which dataset to evaluate docs on: --dataset <dir>, or kbs\.docs\.eval in the config/,
    );
    const notADataset = await runCli(['eval', 'docs@v1', '--dataset', 'docs'], { cwd: workdir, env });
    expect(notADataset.code).toBe(2);
    expect(notADataset.stderr).toMatch(/docs is not a dataset: expected questions\.jsonl/);
  });
});

describe('quickstart (what npm start runs) with the embedded Chroma server', () => {
  let workdir: string;
  /** Credentials in the CLI's environment that the local setup does not use (no API keys: it stays open). */
  const CREDENTIALS = {
    OPENAI_API_KEY: 'sk-e2e-openai-0123456789',
    PHOENIX_API_KEY: 'e2e-phoenix-0123456789',
    PINECONE_API_KEY: 'e2e-pinecone-0123456789',
  };

  beforeAll(() => {
    workdir = mkdtempSync(path.join(tmpdir(), 'ragship-quickstart-'));
    cpSync(SAMPLE_DOCS, path.join(workdir, 'docs'), { recursive: true });
  });
  afterAll(() => rmSync(workdir, { recursive: true, force: true }));

  async function quickstart(): Promise<{
    url: string;
    chromaPid: number;
    stop: () => Promise<number | null>;
    output: () => string;
  }> {
    const run = startCli(['quickstart', '--port', '0'], { cwd: workdir, env: { CHROMA_URL: '', ...CREDENTIALS } });
    const [, url] = await run.waitFor(/at (http:\/\/localhost:\d+)/);
    const state = JSON.parse(readFileSync(path.join(workdir, '.ragship', 'chroma-server.json'), 'utf8')) as {
      pid: number;
    };
    return { url: url!, chromaPid: state.pid, stop: () => run.stop('SIGINT'), output: run.output };
  }

  it('when started twice, then the second run reuses docs@v1, and Ctrl-C leaves no Chroma process behind', async () => {
    const first = await quickstart();
    expect((await ask(first.url, 'How do I roll back an index?')).version).toBe('docs@v1');
    // The embedded Chroma server got none of the CLI's credentials (/proc is Linux's).
    if (process.platform === 'linux') {
      const environment = readFileSync(`/proc/${first.chromaPid}/environ`, 'utf8');
      for (const [name, value] of Object.entries(CREDENTIALS)) {
        expect(environment).not.toContain(name);
        expect(environment).not.toContain(value);
      }
    }
    expect(first.output()).toMatch(/curl -s localhost:\d+\/v1\/chat/);
    // The web app on the same origin: the chat page and the console, with their scripts.
    for (const [page, title] of [
      ['/', 'ragship chat'],
      ['/ops', 'ragship console'],
      ['/ops/kbs/docs', 'ragship console'],
    ] as const) {
      const response = await fetch(new URL(page, first.url));
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain(`<title>${title}</title>`);
      const script = /<script type="module" crossorigin src="([^"]+)"/.exec(html)?.[1] ?? '';
      expect((await fetch(new URL(script, first.url))).headers.get('content-type')).toMatch(/javascript/);
    }
    expect(await first.stop()).toBe(0);
    expect(isAlive(first.chromaPid)).toBe(false);
    expect(existsSync(path.join(workdir, '.ragship', 'chroma-server.json'))).toBe(false);

    const second = await quickstart();
    const answer = await ask(second.url, 'How do I promote a version to staging?');
    expect(answer.version).toBe('docs@v1');
    expect(second.output()).toMatch(/docs is up to date: nothing changed since docs@v1/);
    expect(await second.stop()).toBe(0);
    expect(isAlive(second.chromaPid)).toBe(false);

    expect(existsSync(path.join(workdir, '.ragship', 'registry.db'))).toBe(true);
    const versions = await runCli(['versions', 'docs', '--json'], { cwd: workdir });
    expect((JSON.parse(versions.stdout) as unknown[]).length).toBe(1);
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
