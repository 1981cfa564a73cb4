import { describe, expect, it } from 'vitest';
import { findQuotedRange, quotedRanges, sentenceRanges, sentencesCiting } from './quoted-sentence.ts';

const chunk =
  'Promotion moves an alias.\nTo undo a promotion, run ragship rollback docs --env prod. It moves the alias back to the previous version in one step.';
const slice = (range: { start: number; end: number } | null) => (range ? chunk.slice(range.start, range.end) : null);

describe('sentencesCiting', () => {
  it('when markers follow the full stop (as the extractive answerer writes), then they belong to that sentence', () => {
    const answer = 'Run ragship rollback docs --env prod. [1] Aliases move atomically. [2]';
    expect(sentencesCiting(answer, 1)).toEqual(['Run ragship rollback docs --env prod.']);
    expect(sentencesCiting(answer, 2)).toEqual(['Aliases move atomically.']);
  });

  it('when markers stand before the full stop and several sentences cite the source, then each is quoted without markers', () => {
    const answer = 'It moves the alias back [1]. Nothing is copied [2]. It takes one step [1][2].';
    expect(sentencesCiting(answer, 1)).toEqual(['It moves the alias back.', 'It takes one step.']);
  });
});

describe('findQuotedRange', () => {
  it('when the quote is in the chunk verbatim, then exactly that text is found', () => {
    expect(slice(findQuotedRange(chunk, 'run ragship rollback docs --env prod.'))).toBe(
      'run ragship rollback docs --env prod.',
    );
  });

  it('when the quote differs in case, line breaks and final stop, then the same words are found in the original text', () => {
    const text = 'Rollbacks are\n  instant and safe';
    const range = findQuotedRange(text, 'rollbacks are instant and safe.');
    expect(range && text.slice(range.start, range.end)).toBe('Rollbacks are\n  instant and safe');
  });

  it('when the quote is a paraphrase, then the chunk sentence sharing the most words is found', () => {
    expect(slice(findQuotedRange(chunk, 'The alias goes back to the previous version.'))).toBe(
      'It moves the alias back to the previous version in one step.',
    );
  });

  it('when no sentence shares a word, then nothing is found', () => {
    expect(findQuotedRange(chunk, 'Completely unrelated.')).toBeNull();
  });
});

describe('quotedRanges', () => {
  it('when two answer sentences cite the chunk, then both are highlighted, in order', () => {
    const answer = 'Run ragship rollback docs --env prod [1]. It moves the alias back to the previous version [1].';
    expect(quotedRanges(chunk, answer, 1).map(slice)).toEqual([
      'run ragship rollback docs --env prod',
      'It moves the alias back to the previous version',
    ]);
  });
});

describe('sentenceRanges', () => {
  it('when a text has lines and sentences, then each is a range', () => {
    expect(sentenceRanges(chunk).map(slice)).toEqual([
      'Promotion moves an alias.',
      'To undo a promotion, run ragship rollback docs --env prod.',
      'It moves the alias back to the previous version in one step.',
    ]);
  });
});
