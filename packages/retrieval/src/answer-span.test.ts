import { describe, expect, it } from 'vitest';
import { answerSpan } from './answer-span.js';
import { stripReferences } from './sentences.js';

describe('answer span', () => {
  it('when the sentence opens by restating the question, then the restatement is cut', () => {
    expect(
      answerSpan('To roll back an index, run `ragship rollback docs --env prod`.', 'How do I roll back an index?'),
    ).toBe('run `ragship rollback docs --env prod`.');
  });

  it('when a question word ends an inline code span, then the span is kept whole', () => {
    expect(
      answerSpan(
        'To promote a version to staging, run `ragship promote docs@v2 --to staging`.',
        'How do I promote a version to staging?',
      ),
    ).toBe('run `ragship promote docs@v2 --to staging`.');
  });

  it('when the answer ends the sentence, then the question words after it are cut', () => {
    expect(
      answerSpan(
        'Poor governance, public distrust, and political violence may further undermine interventions.',
        'What can undermine interventions?',
      ),
    ).toBe('Poor governance, public distrust, and political violence');
  });

  it('when a later clause says nothing about the question, then it is left out, but the one clause after the question is kept', () => {
    const sentence =
      'X-ray crystallography is the standard tool for determining protein structures; ' +
      'it needs crystals, which take months to grow.';
    expect(answerSpan(sentence, 'What tool can determine the structure of proteins?')).toBe(
      'X-ray crystallography is the standard tool for determining protein structures; it needs crystals',
    );
  });

  it('when the question asks how many, then the answer is the amount with its unit', () => {
    expect(
      answerSpan(
        'Adenovirus has 53 serotypes, of which Ad5 is the most studied.',
        'How many serotypes of adenovirus are there?',
      ),
    ).toBe('53 serotypes');
    expect(
      answerSpan(
        'Of the 11,399 patients tested, 5606 (49.2%) were positive.',
        'What percentage of the 11,399 patients were positive?',
      ),
    ).toBe('5606 (49.2%)');
  });

  it('when the question asks how many but the sentence states no amount, then the span is not cut to one', () => {
    expect(answerSpan('Chunks are embedded in batches.', 'How many chunks are embedded together?')).toBe('batches.');
  });

  it('when every word restates the question, then the whole sentence is kept', () => {
    expect(answerSpan('Roll back the index.', 'How do I roll back the index?')).toBe('Roll back the index.');
  });
});

describe('stripReferences', () => {
  it('when a sentence cites numbered, author-year and figure references, then all are removed and the punctuation closed up', () => {
    expect(
      stripReferences(
        'Nearly all applications depend on displaying polypeptides (Smith et al., 2012a; Kelly and Strick, 2000) ' +
          'as fusions [4, 5] to coat proteins ( Table 1) .',
      ),
    ).toBe('Nearly all applications depend on displaying polypeptides as fusions to coat proteins.');
  });

  it('when parentheses hold an abbreviation or a number, then they are kept', () => {
    expect(stripReferences('Peyer’s patches (PPs) hold 5606 (49.2%) cells [3].')).toBe(
      'Peyer’s patches (PPs) hold 5606 (49.2%) cells.',
    );
  });
});
