import type { RuleViolation } from './rule-violation.js';

/** Largest share of control characters (other than `\n`, `\r`, `\t`, `\f`) that text may hold: 10%. */
export const MAX_CONTROL_CHARACTER_SHARE = 0.1;

/**
 * Rejects binary data read as text (`binary`): any NUL character, or more than
 * {@link MAX_CONTROL_CHARACTER_SHARE} of the characters being control characters.
 */
export function checkBinary(text: string): RuleViolation | undefined {
  if (text.includes('\u0000')) {
    return { rule: 'binary', reason: 'binary data: contains NUL bytes' };
  }
  if (text.length === 0) return undefined;
  let controls = 0;
  for (let index = 0; index < text.length; index += 1) {
    if (isControlCharacter(text.charCodeAt(index))) controls += 1;
  }
  const share = controls / text.length;
  if (share > MAX_CONTROL_CHARACTER_SHARE) {
    return {
      rule: 'binary',
      reason:
        `binary data: ${formatPercent(share)} of the characters are control characters ` +
        `(maximum ${formatPercent(MAX_CONTROL_CHARACTER_SHARE)})`,
    };
  }
  return undefined;
}

/**
 * C0 controls except tab, line feed, form feed and carriage return; DEL; C1 controls (what
 * Latin-1-decoded binary turns into).
 */
function isControlCharacter(code: number): boolean {
  if (code < 0x20) return code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d;
  return code >= 0x7f && code <= 0x9f;
}

function formatPercent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}
