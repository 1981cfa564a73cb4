import { describe, expect, it } from 'vitest';
import { passesLuhnCheck } from './luhn-checksum.js';

describe('passesLuhnCheck', () => {
  it('when a test card number is checked, then it passes', () => {
    expect(passesLuhnCheck('4111111111111111')).toBe(true);
    expect(passesLuhnCheck('378282246310005')).toBe(true);
    expect(passesLuhnCheck('5555555555554444')).toBe(true);
  });

  it('when one digit is changed, then it fails', () => {
    expect(passesLuhnCheck('4111111111111112')).toBe(false);
    expect(passesLuhnCheck('378282246310006')).toBe(false);
  });

  it('when the input is not only digits, then it fails', () => {
    expect(passesLuhnCheck('4111 1111 1111 1111')).toBe(false);
    expect(passesLuhnCheck('')).toBe(false);
  });
});
