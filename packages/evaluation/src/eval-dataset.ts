import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, sha256 } from '@ragship/core';

/** A BEIR query with its relevant corpus ids and their grades. */
export interface LabelledQuery {
  id: string;
  text: string;
  relevant: Map<string, number>;
}

/** A QA question with its gold document and the answer span in it. */
export interface AnswerQuestion {
  id: string;
  question: string;
  documentId: string;
  answer: string;
}

/** An eval set read from disk, with the fingerprint its numbers are stored under. */
export type EvalDataset = { name: string; fingerprint: string } & (
  { kind: 'beir'; split: string; queries: LabelledQuery[] } | { kind: 'qa'; questions: AnswerQuestion[] }
);

/** The qrels splits tried, in order, when none is named. */
const SPLITS = ['test', 'dev', 'train'];

/**
 * Reads a dataset directory: BEIR (`queries.jsonl` and `qrels/<split>.tsv`; only labelled queries
 * count) or QA (`questions.jsonl` with `question`, `document_id` and `answer`). The fingerprint
 * is a sha256 over what is measured (ids, texts, labels, answers), so equal fingerprints mean
 * equal eval sets wherever they were read. Errors name the file and line.
 */
export async function readEvalDataset(dir: string, options: { split?: string | undefined } = {}): Promise<EvalDataset> {
  const name = path.basename(path.resolve(dir));
  if (existsSync(path.join(dir, 'questions.jsonl'))) {
    const records = await readJsonLines(path.join(dir, 'questions.jsonl'));
    const questions = records.map(({ record, where }) => ({
      id: field(record, '_id', where, 'id'),
      question: field(record, 'question', where),
      documentId: field(record, 'document_id', where),
      answer: field(record, 'answer', where),
    }));
    return { kind: 'qa', name, questions, fingerprint: sha256(JSON.stringify(['qa', questions])) };
  }
  if (existsSync(path.join(dir, 'queries.jsonl'))) {
    const split = options.split ?? (await defaultSplit(dir));
    const labels = await readQrels(path.join(dir, 'qrels', `${split}.tsv`));
    const queries = (await readJsonLines(path.join(dir, 'queries.jsonl')))
      .map(({ record, where }) => ({ id: field(record, '_id', where, 'id'), text: field(record, 'text', where) }))
      .filter((query) => labels.has(query.id))
      .map((query) => ({ ...query, relevant: labels.get(query.id) as Map<string, number> }));
    if (queries.length === 0)
      throw new InvalidInputError(`No query of ${dir}/queries.jsonl has labels in qrels/${split}.tsv.`);
    const canonical = queries.map((query) => [query.id, query.text, [...query.relevant].sort()]);
    return { kind: 'beir', name, split, queries, fingerprint: sha256(JSON.stringify(['beir', canonical])) };
  }
  throw new InvalidInputError(
    `${dir} is not a dataset: expected questions.jsonl (QA) or queries.jsonl with qrels/ (BEIR).`,
  );
}

async function defaultSplit(dir: string): Promise<string> {
  const present = existsSync(path.join(dir, 'qrels')) ? await readdir(path.join(dir, 'qrels')) : [];
  const split = SPLITS.find((candidate) => present.includes(`${candidate}.tsv`));
  if (!split) throw new InvalidInputError(`${dir}/qrels holds none of ${SPLITS.map((s) => `${s}.tsv`).join(', ')}.`);
  return split;
}

/** `query-id corpus-id score` lines (a header line is skipped); grades ≤ 0 are not relevant. */
async function readQrels(file: string): Promise<Map<string, Map<string, number>>> {
  const labels = new Map<string, Map<string, number>>();
  const lines = (await readText(file)).split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim() || (index === 0 && /query/i.test(line))) return;
    const [queryId, corpusId, score] = line.split('\t');
    const grade = Number(score);
    if (!queryId || !corpusId || !Number.isFinite(grade)) {
      throw new InvalidInputError(`${file}:${index + 1} is not "query-id<TAB>corpus-id<TAB>score".`);
    }
    if (grade <= 0) return;
    const relevant = labels.get(queryId) ?? new Map<string, number>();
    relevant.set(corpusId, grade);
    labels.set(queryId, relevant);
  });
  return labels;
}

async function readJsonLines(file: string): Promise<{ record: Record<string, unknown>; where: string }[]> {
  const records: { record: Record<string, unknown>; where: string }[] = [];
  (await readText(file)).split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const where = `${file}:${index + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new InvalidInputError(`${where} is not valid JSON.`);
    }
    if (!record || typeof record !== 'object' || Array.isArray(record)) {
      throw new InvalidInputError(`${where} is not a JSON object.`);
    }
    records.push({ record: record as Record<string, unknown>, where });
  });
  return records;
}

function field(record: Record<string, unknown>, name: string, where: string, alias?: string): string {
  const value = record[name] ?? (alias ? record[alias] : undefined);
  if (typeof value === 'string' && value.trim()) return value;
  if (typeof value === 'number') return String(value);
  throw new InvalidInputError(`${where} has no "${name}".`);
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    throw new InvalidInputError(`Cannot read ${file}: ${reason}.`);
  }
}
