import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChroma, type TestChroma } from '@ragship/chroma-server/testing';
import { startOpenAICompatibleServer } from '@ragship/embeddings/testing';
import { PromotionWorkspace } from './support/promotion-workspace.js';

const GOLDEN = fileURLToPath(new URL('../eval/docs', import.meta.url));

interface EvalSummary {
  kb: string;
  version: string;
  evalSet: string;
  kind: string;
  queries: number;
  metrics: Record<string, number>;
}

/** Every Markdown file under `dir`, recursively, sorted. */
function markdownFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const file = path.join(dir, name);
      return statSync(file).isDirectory() ? markdownFiles(file) : name.endsWith('.md') ? [file] : [];
    })
    .sort();
}

// The golden set of the sample corpus (eval/docs) through `ragship eval` and the staging gate, on
// a real Chroma server. The version made worse on purpose has every doc's text moved to the next
// file's name, as a loader that mixes up documents would do.
describe('ragship eval and the gates it feeds', () => {
  let chroma: TestChroma;
  let workspace: PromotionWorkspace;

  beforeAll(async () => {
    chroma = await startTestChroma();
    workspace = new PromotionWorkspace({
      registryUrl: 'sqlite:.ragship/registry.db',
      stores: { dev: chroma.url, staging: chroma.url },
      environmentExtra: { staging: ['gates:', '  ndcg@10: { min: 0.6 }'] },
    });
    cpSync(GOLDEN, path.join(workspace.dir, 'golden'), { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await chroma?.stop();
    workspace?.remove();
  });

  it('when a version is evaluated, then the metrics are printed, kept in its manifest, and the same on a re-run', async () => {
    await workspace.json(['ingest', 'docs', '--kb', 'docs']);
    const first = await workspace.json<EvalSummary>(['eval', 'docs@v1', '--dataset', 'golden']);
    expect(first).toMatchObject({ kb: 'docs', version: 'v1', kind: 'beir', queries: 27 });
    expect(Object.keys(first.metrics).sort()).toEqual(['mrr@10', 'ndcg@10', 'recall@10', 'recall@100']);
    expect(first.metrics['ndcg@10']).toBeGreaterThan(0.75);
    const again = await workspace.json<EvalSummary>(['eval', 'docs@v1', '--dataset', 'golden']);
    expect(again.metrics).toEqual(first.metrics);
    expect(again.evalSet).toBe(first.evalSet);
    const shown = await workspace.json<{ eval: Record<string, { metrics: Record<string, number>; kind: string }> }>([
      'show',
      'docs@v1',
    ]);
    expect(shown.eval[first.evalSet]).toMatchObject({ kind: 'beir', metrics: first.metrics });
  }, 120_000);

  it('when a version made worse is promoted, then the staging gate refuses it with exit 3; the good one passes; --force passes and is audited', async () => {
    const docs = markdownFiles(path.join(workspace.dir, 'docs'));
    const texts = docs.map((file) => readFileSync(file, 'utf8'));
    docs.forEach((file, index) => writeFileSync(file, texts[(index + 1) % texts.length]!));
    expect(await workspace.json(['ingest', 'docs', '--kb', 'docs'])).toMatchObject({ version: 'v2' });

    const unmeasured = await workspace.cli(['promote', 'docs@v2', '--to', 'staging']);
    expect(unmeasured.code).toBe(3);
    expect(unmeasured.stderr).toMatch(/ndcg@10/);

    const worse = await workspace.json<EvalSummary>(['eval', 'docs@v2', '--dataset', 'golden']);
    expect(worse.metrics['ndcg@10']).toBeLessThan(0.6);
    const refused = await workspace.cli(['promote', 'docs@v2', '--to', 'staging']);
    expect(refused.code).toBe(3);
    // Gate messages print metrics to 4 decimals without trailing zeros (0.3, 0.4123).
    expect(refused.stderr).toContain(`ndcg@10 ${Number(worse.metrics['ndcg@10']!.toFixed(4))}`);
    expect(refused.stderr).toMatch(/min 0\.6/);

    const good = await workspace.json<{ to: string; gates: { passed: boolean }[] }>([
      'promote',
      'docs@v1',
      '--to',
      'staging',
    ]);
    expect(good).toMatchObject({ to: 'v1', gates: [{ passed: true }] });

    const noReason = await workspace.cli(['promote', 'docs@v2', '--to', 'staging', '--force']);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/--force needs --reason/);
    const forced = await workspace.json<{ to: string; forced: { reason: string; refused: unknown[] } }>(
      ['promote', 'docs@v2', '--to', 'staging', '--force', '--reason', 'hotfix INC-42, eval to follow'],
      { RAGSHIP_ACTOR: 'oncall-alice' },
    );
    expect(forced).toMatchObject({ to: 'v2', forced: { reason: 'hotfix INC-42, eval to follow' } });
    expect(forced.forced.refused).toHaveLength(1);
    const history = await workspace.json<{ actor: string; details: { forced?: { reason: string } } }[]>([
      'history',
      'docs',
      '--env',
      'staging',
    ]);
    expect(history[0]).toMatchObject({
      actor: 'oncall-alice',
      details: { forced: { reason: 'hotfix INC-42, eval to follow' } },
    });
  }, 180_000);

  it('when --judge is given with an LLM answerer, then advisory judge.* metrics join the deterministic ones; extractive cannot judge', async () => {
    // The LLM is a local OpenAI-compatible test double: it answers questions with a fixed text
    // and grades (the judge prompt's message ends with the answer to grade) with fixed scores.
    const llm = await startOpenAICompatibleServer({
      answer: (message) =>
        message.includes('\n\nAnswer: ')
          ? 'Here you go: {"faithfulness": 0.75, "relevance": 1.5}'
          : 'Run ragship rollback docs --env prod. [1]',
    });
    try {
      mkdirSync(path.join(workspace.dir, 'qa'));
      writeFileSync(
        path.join(workspace.dir, 'qa', 'questions.jsonl'),
        [
          {
            _id: '1',
            question: 'How do I roll back an index?',
            document_id: 'rolling-back.md',
            answer: 'ragship rollback docs --env prod',
          },
          { _id: '2', question: 'How do I promote to prod?', document_id: 'promoting.md', answer: 'ragship promote' },
        ]
          .map((record) => JSON.stringify(record))
          .join('\n'),
      );
      const env = { OPENAI_BASE_URL: llm.baseUrl, OPENAI_API_KEY: 'test-key' };
      const config = workspace.writeConfig('llm.yaml', {
        registryUrl: 'sqlite:.ragship/registry.db',
        stores: { dev: chroma.url },
        extra: ['answerer: openai:gpt-4o-mini'],
      });
      const judged = await workspace.json<EvalSummary & { advisory: { metrics: string[]; judged: number } }>(
        ['--config', config, 'eval', 'docs@v1', '--dataset', 'qa', '--judge'],
        env,
      );
      expect(judged).toMatchObject({ kind: 'qa', queries: 2 });
      expect(judged.metrics).toMatchObject({ 'judge.faithfulness': 0.75, 'judge.relevance': 1 });
      expect(judged.metrics.containment).toBe(0.5);
      expect(judged.advisory).toEqual({ metrics: ['judge.faithfulness', 'judge.relevance'], judged: 2 });

      const extractive = await workspace.cli(['eval', 'docs@v1', '--dataset', 'qa', '--judge']);
      expect(extractive.code).toBe(2);
      expect(extractive.stderr).toMatch(/Judging answers needs an LLM/);
    } finally {
      await llm.close();
    }
  }, 120_000);
});
