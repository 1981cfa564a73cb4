import { cpSync, mkdirSync } from 'node:fs';
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

// `ragship eval` on the dev data sets, as the acceptance runs it: the numbers match what
// the bench measures over HTTP (bench/results/retrieval.md), are kept in the manifest, and repeat.
describeWithSharedData('ragship eval on SciFact (BEIR) and COVID-QA (QA), dev split', () => {
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({ registryUrl: 'sqlite:.ragship/registry.db', stores: { dev: chroma.url } });
    for (const [kb, file] of [
      ['scifact', 'scifact/corpus.jsonl'],
      ['covid', 'covid-qa/documents.jsonl'],
    ] as const) {
      mkdirSync(path.join(workspace.dir, kb));
      cpSync(path.join(SHARED_DATA, file), path.join(workspace.dir, kb, path.basename(file)));
    }
  }, 60_000);
  afterAll(async () => {
    await chroma?.stop();
    workspace?.remove();
  });

  it('when scifact@v1 is evaluated, then nDCG@10 ≥ 0.68, the same numbers are in ragship show, and a re-run repeats them', async () => {
    await workspace.json(['ingest', 'scifact', '--kb', 'scifact']);
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
    await workspace.json(['ingest', 'covid', '--kb', 'covid']);
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
});
