import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { createChromaVectorStore } from '@ragship/vector-store';
import { runCli, startCli } from './support/run-cli.js';
import { describeWithSharedData, SHARED_DATA } from './support/shared-data.js';

const CORPUS = path.join(SHARED_DATA, 'scifact', 'corpus.jsonl');

interface VersionRow {
  version: number;
  status: string;
}

/** Reads the registry file the CLI writes, as another process would. */
function versions(workdir: string): VersionRow[] {
  const file = path.join(workdir, '.ragship', 'registry.db');
  try {
    const database = new DatabaseSync(file, { readOnly: true });
    try {
      return database
        .prepare("SELECT version, status FROM versions WHERE kb = 'crash' ORDER BY version")
        .all() as unknown as VersionRow[];
    } finally {
      database.close();
    }
  } catch {
    return [];
  }
}

describeWithSharedData('ingest killed with SIGKILL mid-write', () => {
  // reason: ../shared/data is absent here
  let chroma: TestChroma;
  let workdir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workdir = mkdtempSync(path.join(tmpdir(), 'ragship-crash-'));
    mkdirSync(path.join(workdir, 'corpus'));
    const lines = readFileSync(CORPUS, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '');
    writeFileSync(path.join(workdir, 'corpus', 'corpus.jsonl'), lines.slice(0, 2500).join('\n'));
    env = { CHROMA_URL: chroma.url };
  });
  afterAll(async () => {
    await chroma?.stop();
    rmSync(workdir, { recursive: true, force: true });
  });

  it('when the run is killed at a random point and re-run, then exactly one ready version exists and nothing half-written remains', async () => {
    const killed = startCli(['ingest', 'corpus', '--kb', 'crash', '--json'], { cwd: workdir, env });
    const deadline = Date.now() + 60_000;
    while (!versions(workdir).some((row) => row.status === 'building') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1500));
    expect(await killed.stop('SIGKILL')).toBeNull();
    const afterKill = versions(workdir);
    expect(afterKill.filter((row) => row.status === 'ready')).toEqual([]);

    const rerun = await runCli(['ingest', 'corpus', '--kb', 'crash', '--json'], { cwd: workdir, env });
    expect(rerun.code, rerun.stderr).toBe(0);
    const result = JSON.parse(rerun.stdout) as { version: string; recovered: string[]; chunks: { total: number } };
    expect(result.recovered).toEqual(
      afterKill.filter((row) => row.status === 'building').map((row) => `v${row.version}`),
    );

    const rows = versions(workdir);
    expect(rows.filter((row) => row.status === 'ready').map((row) => `v${row.version}`)).toEqual([result.version]);
    expect(rows.filter((row) => row.status === 'building')).toEqual([]);

    const shown = await runCli(['show', `crash@${result.version}`, '--json'], { cwd: workdir, env });
    const manifest = JSON.parse(shown.stdout) as {
      documents: Record<string, { chunkIds: string[] }>;
      segments: { name: string }[];
    };
    const ids = Object.values(manifest.documents).flatMap((document) => document.chunkIds);
    expect(new Set(ids).size).toBe(ids.length);
    const store = createChromaVectorStore({ url: chroma.url });
    expect(await store.countChunks(manifest.segments[0]!.name)).toBe(ids.length);
    for (const row of afterKill) {
      expect(await store.hasSegment(`ragship-crash-v${row.version}-base`)).toBe(false);
    }
  });
});
