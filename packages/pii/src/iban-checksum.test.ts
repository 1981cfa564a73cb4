import { describe, expect, it } from 'vitest';
import { isValidIban } from './iban-checksum.js';

describe('isValidIban', () => {
  it('when a valid IBAN is checked, with or without spaces, then it passes', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 00')).toBe(true);
    expect(isValidIban('GB82WEST12345698765432')).toBe(true);
    expect(isValidIban('NL91 ABNA 0417 1643 00')).toBe(true);
  });

  it('when a digit is changed, then the mod-97 check fails', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130 01')).toBe(false);
  });

  it('when the length does not fit the country or the country is unknown, then it fails', () => {
    expect(isValidIban('DE89 3704 0044 0532 0130')).toBe(false);
    expect(isValidIban('QQ89 3704 0044 0532 0130 00')).toBe(false);
  });
});
