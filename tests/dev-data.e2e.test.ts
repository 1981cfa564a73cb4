import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { PromotionWorkspace } from './support/promotion-workspace.js';
import { SHARED_DATA, describeWithSharedData } from './support/shared-data.js';

interface EvalSummary {
  kb: string;
  version: string;
  evalSet: string;
  kind: string;
  split: string | null;
  queries: number;
  metrics: Record<string, number>;
  perQuery?: { id: string; metrics: Record<string, number> }[];
}

interface DriftReport {
  kb: string;
  indexVersion: string;
  status: string;
  score: number | null;
  threshold: number;
  worstSignal: string | null;
  baseline: { source: string; samples: number; querySet: string | null } | null;
  window: { size: number; observations: number };
}

const readJsonLines = <T>(file: string): T[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);

// The dev data sets, ingested once with the CLI on a real Chroma server, then:
// - `ragship eval`, as the acceptance runs it: the numbers match what the bench measures
//   over HTTP (bench/results/retrieval.md), are kept in the manifest, and repeat;
// - drift on real query streams: SciFact is promoted with a baseline measured on half of its own
//   claims; the API then serves the other half (in distribution), then COVID-QA's questions
//   (another corpus's users), all through HTTP.
describeWithSharedData('SciFact (BEIR) and COVID-QA (QA), dev split: ragship eval and drift monitoring', () => {
  // Read in beforeAll: the suite body runs (to collect the tests) even when the data is absent.
  let claims: string[];
  let covidQuestions: string[];
  let half: number;
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;
  let server: Awaited<ReturnType<PromotionWorkspace['serve']>>;

  beforeAll(async () => {
    claims = readJsonLines<{ text: string }>(path.join(SHARED_DATA, 'scifact', 'queries.jsonl')).map(
      (query) => query.text,
    );
    covidQuestions = readJsonLines<{ question: string }>(path.join(SHARED_DATA, 'covid-qa', 'questions.jsonl')).map(
      (question) => question.question,
    );
    half = Math.floor(claims.length / 2);
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({ registryUrl: 'sqlite:.ragship/registry.db', stores: { dev: chroma.url } });
    for (const [kb, file] of [
      ['scifact', 'scifact/corpus.jsonl'],
      ['covid', 'covid-qa/documents.jsonl'],
    ] as const) {
      mkdirSync(path.join(workspace.dir, kb));
      cpSync(path.join(SHARED_DATA, file), path.join(workspace.dir, kb, path.basename(file)));
      await workspace.json(['--env', 'dev', 'ingest', kb, '--kb', kb]);
    }
    writeFileSync(
      path.join(workspace.dir, 'baseline.jsonl'),
      claims
        .slice(0, half)
        .map((text) => JSON.stringify({ text }))
        .join('\n'),
    );
  }, 300_000);
  afterAll(async () => {
    await server?.stop();
    await chroma?.stop();
    workspace?.remove();
  });

  it('when scifact@v1 is evaluated, then nDCG@10 ≥ 0.68, the same numbers are in ragship show, and a re-run repeats them', async () => {
    const dataset = path.join(SHARED_DATA, 'scifact');
    const result = await workspace.json<EvalSummary>(['eval', 'scifact@v1', '--dataset', dataset, '--per-query']);
    expect(result).toMatchObject({ kind: 'beir', split: 'train', queries: 809 });
    expect(result.metrics['ndcg@10']).toBeGreaterThanOrEqual(0.68);
    expect(result.metrics['recall@100']).toBeGreaterThanOrEqual(result.metrics['recall@10']!);
    expect(result.perQuery).toHaveLength(809);
    const shown = await workspace.json<{ eval: Record<string, { metrics: Record<string, number> }> }>([
      'show',
      'scifact@v1',
    ]);
    expect(shown.eval[result.evalSet]?.metrics).toEqual(result.metrics);
    const again = await workspace.json<EvalSummary>(['eval', 'scifact@v1', '--dataset', dataset]);
    expect(again.metrics).toEqual(result.metrics);
    console.info(`scifact@v1: ${JSON.stringify(result.metrics)}`);
  }, 600_000);

  it('when covid@v1 is evaluated on its questions, then passage recall@5 ≥ 0.78 and extractive token-F1 ≥ 0.33', async () => {
    const result = await workspace.json<EvalSummary>([
      'eval',
      'covid@v1',
      '--dataset',
      path.join(SHARED_DATA, 'covid-qa'),
    ]);
    expect(result).toMatchObject({ kind: 'qa', queries: 384 });
    expect(result.metrics['passageRecall@5']).toBeGreaterThanOrEqual(0.78);
    expect(result.metrics.tokenF1).toBeGreaterThanOrEqual(0.33);
    console.info(`covid@v1: ${JSON.stringify(result.metrics)}`);
  }, 600_000);

  async function ask(questions: readonly string[]): Promise<void> {
    for (const question of questions) {
      const response = await fetch(`${server.url}/v1/chat`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question, kb: 'scifact' }),
      });
      expect(response.status).toBe(200);
    }
  }
  const drift = async () =>
    ((await (await fetch(`${server.url}/v1/monitoring`)).json()) as { drift: DriftReport[] }).drift;

  it("when the served questions are like the baseline, then drift stays under the threshold; when another corpus's questions come, then it passes it, with a warning and the metric", async () => {
    const promoted = await workspace.json<{ baseline: { samples: number; source: string } }>([
      'promote',
      'scifact@v1',
      '--to',
      'dev',
      '--baseline',
      'baseline.jsonl',
    ]);
    expect(promoted.baseline).toMatchObject({ source: 'queries', samples: half });
    server = await workspace.serve('dev');

    await ask(claims.slice(half, half + 200));
    const [inDistribution] = await drift();
    expect(inDistribution).toMatchObject({
      kb: 'scifact',
      indexVersion: 'v1',
      status: 'ok',
      baseline: { source: 'queries', samples: half },
      window: { size: 200, observations: 200 },
    });
    expect(inDistribution!.score).toBeLessThan(inDistribution!.threshold);

    await ask(covidQuestions.slice(0, 200));
    const [shifted] = await drift();
    expect(shifted!.status).toBe('drift');
    expect(shifted!.score).toBeGreaterThanOrEqual(shifted!.threshold);
    expect(shifted!.score).toBeGreaterThan(2 * inDistribution!.score!);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain('ragship_drift_status{kb="scifact",index_version="v1",status="drift"} 1');
    expect(metrics).toMatch(/ragship_drift_score\{kb="scifact",index_version="v1"\} \d/);
    expect(server.output()).toMatch(/retrieval drift on scifact@v1: PSI [\d.]+ on \w+ ≥ 0\.25/);
    // Reported once per crossing, not per request.
    expect(server.output().match(/retrieval drift on scifact@v1:/g)).toHaveLength(1);
    console.info(
      `drift (PSI, max over signals): in-distribution ${inDistribution!.score!.toFixed(3)}, ` +
        `shifted ${shifted!.score!.toFixed(3)} (${shifted!.worstSignal})`,
    );
  }, 600_000);
});
