import { InvalidInputError } from '@ragship/core';
import { describe, expect, it } from 'vitest';
import { exceedsBudget, parseRejectionBudget } from './rejection-budget.js';

describe('parseRejectionBudget', () => {
  it('when given a whole number or its string, then the budget is a count', () => {
    expect(parseRejectionBudget(10)).toEqual({ kind: 'count', limit: 10 });
    expect(parseRejectionBudget(' 10 ')).toEqual({ kind: 'count', limit: 10 });
    expect(parseRejectionBudget(0)).toEqual({ kind: 'count', limit: 0 });
  });

  it('when given a percentage, then the budget is a share of the documents seen', () => {
    expect(parseRejectionBudget('5%')).toEqual({ kind: 'percent', limit: 5 });
    expect(parseRejectionBudget('2.5 %')).toEqual({ kind: 'percent', limit: 2.5 });
    expect(parseRejectionBudget('100%')).toEqual({ kind: 'percent', limit: 100 });
  });

  it.each([-1, 2.5, Number.NaN, '', 'ten', '-5%', '150%', '5%%', '1e3', '0x10'])(
    'when given %s, then an InvalidInputError names --max-rejected and the accepted forms',
    (value) => {
      const parse = () => parseRejectionBudget(value);
      expect(parse).toThrow(InvalidInputError);
      expect(parse).toThrow(
        /--max-rejected must be a whole number of documents \(e\.g\. 10\) or a percentage .*\(e\.g\. 5%\)/,
      );
      expect(parse).toThrow(expect.objectContaining({ field: '--max-rejected', code: 'INVALID_INPUT' }));
    },
  );
});

describe('exceedsBudget', () => {
  it('when a count budget is reached, then it is not exceeded until one more rejection', () => {
    const budget = parseRejectionBudget(2);
    expect(exceedsBudget(budget, 2, 3)).toBe(false);
    expect(exceedsBudget(budget, 3, 3)).toBe(true);
  });

  it('when a percent budget is checked, then the share of rejected among seen documents decides', () => {
    const budget = parseRejectionBudget('5%');
    expect(exceedsBudget(budget, 5, 100)).toBe(false);
    expect(exceedsBudget(budget, 6, 100)).toBe(true);
    expect(exceedsBudget(budget, 1, 10)).toBe(true);
    expect(exceedsBudget(budget, 0, 0)).toBe(false);
  });

  it('when the budget is 0, then any rejection exceeds it', () => {
    expect(exceedsBudget(parseRejectionBudget(0), 1, 1000)).toBe(true);
    expect(exceedsBudget(parseRejectionBudget('0%'), 1, 1000)).toBe(true);
    expect(exceedsBudget(parseRejectionBudget('0%'), 0, 1000)).toBe(false);
  });
});
