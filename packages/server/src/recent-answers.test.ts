import { describe, expect, it } from 'vitest';
import { RecentAnswers, type AnswerContext } from './recent-answers.js';

const answer = (version: number): AnswerContext => ({ kb: 'docs', version, indexVersion: `v${version}`, spanId: null });

describe('RecentAnswers', () => {
  it('when more answers than its capacity are remembered, then the oldest is forgotten first', () => {
    const answers = new RecentAnswers(2);
    answers.remember('trace-1', answer(1));
    answers.remember('trace-2', answer(2));
    answers.lookup('trace-1');

    answers.remember('trace-3', answer(3));

    expect(answers.lookup('trace-1')).toBeUndefined();
    expect(answers.lookup('trace-2')).toEqual(answer(2));
    expect(answers.lookup('trace-3')).toEqual(answer(3));
  });

  it('when a trace is remembered again, then it counts as the newest', () => {
    const answers = new RecentAnswers(2);
    answers.remember('trace-1', answer(1));
    answers.remember('trace-2', answer(2));
    answers.remember('trace-1', answer(4));

    answers.remember('trace-3', answer(3));

    expect(answers.lookup('trace-1')).toEqual(answer(4));
    expect(answers.lookup('trace-2')).toBeUndefined();
  });
});
