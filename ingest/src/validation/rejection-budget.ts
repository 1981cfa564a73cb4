import { InvalidInputError } from '@ragship/core';

/** How many rejected documents a run tolerates before it fails (`--max-rejected`). */
export type RejectionBudget =
  /** At most `limit` rejected documents. */
  | { kind: 'count'; limit: number }
  /** At most `limit` percent (0–100) of the documents seen. */
  | { kind: 'percent'; limit: number };

/**
 * Parses a `--max-rejected` value: a whole number of documents (`10`, `'10'`) or a percentage of
 * the documents seen (`'5%'`, `'2.5%'`, from 0 to 100).
 *
 * @throws InvalidInputError (field `--max-rejected`) for anything else.
 */
export function parseRejectionBudget(value: string | number): RejectionBudget {
  const text = String(value).trim();
  const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(text);
  if (percent?.[1] !== undefined) {
    const limit = Number(percent[1]);
    if (limit <= 100) return { kind: 'percent', limit };
  } else if (/^\d+$/.test(text)) {
    return { kind: 'count', limit: Number(text) };
  }
  throw new InvalidInputError(
    '--max-rejected must be a whole number of documents (e.g. 10) ' +
      `or a percentage of the documents seen from 0% to 100% (e.g. 5%); got "${text}"`,
    '--max-rejected',
  );
}

/**
 * True when `rejected` documents out of `seen` exceed the budget. A count budget can be checked
 * after every document and the pipeline may stop as soon as it is exceeded. A percent budget is
 * only meaningful at the end of the run, over all documents: early in a run a few rejections
 * among few documents make a large share that later documents dilute.
 */
export function exceedsBudget(budget: RejectionBudget, rejected: number, seen: number): boolean {
  if (budget.kind === 'count') return rejected > budget.limit;
  return seen > 0 && rejected * 100 > budget.limit * seen;
}
