import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { expect, it } from 'vitest';
import type { LoadedItem } from '../source-document.js';
import { describeWithSharedData, SHARED_DATA } from '../testing/shared-data.js';
import { loadDirectory } from './load-directory.js';

const DATA = SHARED_DATA;

async function countNonBlankLines(file: string): Promise<number> {
  let count = 0;
  for await (const line of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (line.trim() !== '') count += 1;
  }
  return count;
}

async function tally(
  root: string,
): Promise<{ documents: number; invalid: LoadedItem[]; skipped: Record<string, string> }> {
  const result = { documents: 0, invalid: [] as LoadedItem[], skipped: {} as Record<string, string> };
  for await (const item of loadDirectory(root)) {
    if (item.kind === 'document') result.documents += 1;
    else if (item.kind === 'invalid') result.invalid.push(item);
    else result.skipped[item.skipped.path] = item.skipped.reason;
  }
  return result;
}

describeWithSharedData('loadDirectory over the evaluation data sets', () => {
  it('when SciFact (BEIR) is loaded, then every corpus line is a document and the queries and qrels are skipped', async () => {
    const expected = await countNonBlankLines(`${DATA}/scifact/corpus.jsonl`);

    const { documents, invalid, skipped } = await tally(`${DATA}/scifact`);

    expect(expected).toBe(5_183);
    expect(documents).toBe(expected);
    expect(invalid).toEqual([]);
    expect(skipped).toEqual({
      'queries.jsonl': 'BEIR evaluation queries/labels, not corpus',
      'qrels/train.tsv': 'BEIR evaluation queries/labels, not corpus',
    });
  });

  it('when COVID-QA is loaded, then every article is a document and the questions are skipped', async () => {
    const expected = await countNonBlankLines(`${DATA}/covid-qa/documents.jsonl`);

    const { documents, invalid, skipped } = await tally(`${DATA}/covid-qa`);

    expect(expected).toBe(92);
    expect(documents).toBe(expected);
    expect(invalid).toEqual([]);
    expect(skipped).toEqual({ 'questions.jsonl': 'QA evaluation questions, not corpus' });
  });
});
