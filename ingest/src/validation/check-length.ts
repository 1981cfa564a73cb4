import type { ValidationSettings } from '@ragship/core';
import type { RuleViolation } from './rule-violation.js';

/** The length limits of {@link checkLength}, as in {@link ValidationSettings}. */
export type LengthLimits = Pick<ValidationSettings, 'minChars' | 'maxChars'>;

/**
 * Rejects text with nothing to index (`empty`: no non-whitespace character), too little
 * (`too-short`: fewer than `minChars` non-whitespace characters) or too much (`too-long`: more
 * than `maxChars` characters, whitespace included). Characters are UTF-16 code units.
 */
export function checkLength(text: string, limits: LengthLimits): RuleViolation | undefined {
  const visible = text.replace(/\s+/g, '').length;
  if (visible === 0) return { rule: 'empty', reason: 'empty: no text other than whitespace' };
  if (visible < limits.minChars) {
    return {
      rule: 'too-short',
      reason: `too short: ${visible} non-whitespace characters, minimum ${limits.minChars}`,
    };
  }
  if (text.length > limits.maxChars) {
    return { rule: 'too-long', reason: `too long: ${text.length} characters, maximum ${limits.maxChars}` };
  }
  return undefined;
}
