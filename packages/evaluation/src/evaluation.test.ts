import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEvalDataset } from './eval-dataset.js';
import { corpusIdOf, ndcgAt, recallAt, reciprocalRankAt, tokenF1 } from './eval-metrics.js';
import { runEval } from './run-eval.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ragship-eval-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  writeFileSync(path.join(dir, name), text);
};

describe('eval metrics', () => {
  it('when a ranking is scored, then nDCG, recall and MRR follow their definitions', () => {
    const relevant = new Map([
      ['a', 2],
      ['b', 1],
    ]);
    expect(ndcgAt(['a', 'b', 'c'], relevant, 10)).toBeCloseTo(1, 10);
    // b first, a third: (1 + 2/log2 4) / (2 + 1/log2 3)
    expect(ndcgAt(['b', 'x', 'a'], relevant, 10)).toBeCloseTo((1 + 2 / 2) / (2 + 1 / Math.log2(3)), 10);
    expect(recallAt(['x', 'a'], relevant, 10)).toBe(0.5);
    expect(recallAt(['x', 'a'], relevant, 1)).toBe(0);
    expect(reciprocalRankAt(['x', 'y', 'b'], relevant, 10)).toBeCloseTo(1 / 3, 10);
    expect(reciprocalRankAt(['x'], relevant, 10)).toBe(0);
  });

  it('when an answer is scored, then SQuAD normalisation applies and docIds map to corpus ids', () => {
    expect(tokenF1('The interferon-induced protein', 'interferon induced transmembrane protein')).toBeCloseTo(
      (2 * 1 * 0.75) / 1.75,
      10,
    );
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('nothing alike', 'three')).toBe(0);
    expect(corpusIdOf('corpus.jsonl#4983')).toBe('4983');
    expect(corpusIdOf('decisions/2026-11-22-x.md')).toBe('decisions/2026-11-22-x.md');
  });
});

describe('eval datasets', () => {
  it('when a BEIR directory is read, then only labelled queries count and the fingerprint follows the content', async () => {
    write('queries.jsonl', '{"_id":"1","text":"first"}\n{"_id":"2","text":"unlabelled"}\n');
    write('qrels/test.tsv', 'query-id\tcorpus-id\tscore\n1\tdoc-a\t1\n1\tdoc-b\t0\n');
    const dataset = await readEvalDataset(dir);
    expect(dataset).toMatchObject({ kind: 'beir', split: 'test', queries: [{ id: '1', text: 'first' }] });
    const fingerprint = dataset.fingerprint;
    write('qrels/test.tsv', 'query-id\tcorpus-id\tscore\n1\tdoc-c\t1\n');
    expect((await readEvalDataset(dir)).fingerprint).not.toBe(fingerprint);
  });

  it('when a dataset is malformed, then the error names the file and the line', async () => {
    await expect(readEvalDataset(dir)).rejects.toThrow(/is not a dataset: expected questions\.jsonl/);
    write('queries.jsonl', '{"_id":"1","text":"first"}\n');
    await expect(readEvalDataset(dir)).rejects.toThrow(/qrels holds none of test\.tsv, dev\.tsv, train\.tsv/);
    write('qrels/dev.tsv', '1 doc-a 1\n');
    await expect(readEvalDataset(dir)).rejects.toThrow(/dev\.tsv:1 is not "query-id<TAB>corpus-id<TAB>score"/);
    write('questions.jsonl', '{"_id":"1","question":"why?","document_id":"7"}\n');
    await expect(readEvalDataset(dir)).rejects.toThrow(/questions\.jsonl:1 has no "answer"/);
  });

  it('when a QA set runs, then retrieval and answer metrics come from the target, citation markers removed', async () => {
    write(
      'questions.jsonl',
      '{"_id":"1","question":"What is IFITM?","document_id":"650","answer":"a transmembrane protein"}\n',
    );
    const dataset = await readEvalDataset(dir);
    const result = await runEval(
      dataset,
      {
        retrieve: () => Promise.resolve([{ docId: 'documents.jsonl#650', text: 'IFITM is a transmembrane protein.' }]),
        answer: () => Promise.resolve('A transmembrane protein [1]'),
      },
      { perQuery: true },
    );
    expect(result).toEqual({
      kind: 'qa',
      queries: 1,
      metrics: { 'goldDocumentRecall@5': 1, 'passageRecall@5': 1, tokenF1: 1, containment: 1 },
      perQuery: [expect.objectContaining({ id: '1', answer: 'A transmembrane protein' })],
    });
  });
});
