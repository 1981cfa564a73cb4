import { describe, expect, it } from 'vitest';
import { findPii } from './find-pii.js';
import { redactPii } from './redact-pii.js';

describe('redactPii', () => {
  it('when the text holds every kind, then each is replaced by its placeholder and the rest is kept', () => {
    const text =
      'Mail jane@example.com or call +44 20 7946 0958. ' +
      'Card 4111 1111 1111 1111, IBAN DE89 3704 0044 0532 0130 00, SSN 123-45-6789.';
    expect(redactPii(text, findPii(text))).toBe('Mail [EMAIL] or call [PHONE]. Card [CARD], IBAN [IBAN], SSN [SSN].');
  });

  it('when there are no matches, then the text is unchanged', () => {
    expect(redactPii('Nothing personal here.', [])).toBe('Nothing personal here.');
  });
});
