import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { InvalidInputError, sha256 } from '@ragship/core';

/** Queries to measure a baseline on, with where they came from. */
export interface QuerySet {
  queries: string[];
  /** sha256 of the queries, one per line, in order: baselines compare only on the same set. */
  fingerprint: string;
  /** The file, as given. */
  source: string;
}

/** Fields a JSON Lines query record may carry its text in: BEIR `text`, QA `question`, or `query`. */
const QUERY_FIELDS = ['question', 'query', 'text'] as const;

/**
 * Reads a query file: JSON Lines (`.jsonl`, one object per line with a `question`, `query` or
 * `text` field: BEIR `queries.jsonl` and QA `questions.jsonl` as they are) or plain text, one
 * query per line. Blank lines are skipped. A directory is read as an eval dataset: its
 * `queries.jsonl` (BEIR) or `questions.jsonl` (QA). Throws `InvalidInputError` naming the file and line.
 */
export async function readQuerySet(source: string): Promise<QuerySet> {
  const file = await queryFileOf(source);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'it does not exist' : String(error);
    throw new InvalidInputError(`Cannot read the query set ${file}: ${reason}.`);
  }
  const jsonLines = path.extname(file).toLowerCase() === '.jsonl';
  const queries: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    queries.push(jsonLines ? queryOfRecord(line, `${file}:${index + 1}`) : line.trim());
  });
  if (queries.length === 0) throw new InvalidInputError(`The query set ${file} holds no queries.`);
  return { queries, fingerprint: sha256(queries.join('\n')), source: file };
}

function queryOfRecord(line: string, where: string): string {
  let record: unknown;
  try {
    record = JSON.parse(line);
  } catch {
    throw new InvalidInputError(`${where} is not valid JSON.`);
  }
  if (record && typeof record === 'object') {
    for (const field of QUERY_FIELDS) {
      const value = (record as Record<string, unknown>)[field];
      if (typeof value === 'string' && value.trim()) return value.trim();
    }
  }
  throw new InvalidInputError(`${where} has no ${QUERY_FIELDS.join(', ')} field with text.`);
}

/** `source` itself, or the query file of the eval dataset directory it names. */
async function queryFileOf(source: string): Promise<string> {
  const isDirectory = await stat(source).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
  if (!isDirectory) return source;
  for (const name of ['queries.jsonl', 'questions.jsonl']) {
    const candidate = path.join(source, name);
    if (
      await stat(candidate).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  }
  throw new InvalidInputError(`The eval dataset ${source} has neither queries.jsonl nor questions.jsonl.`);
}
