import type { PiiKind, PiiMatch } from './find-pii.js';

/** What replaces each kind of personal data in redacted text. */
export const PII_PLACEHOLDERS: Readonly<Record<PiiKind, string>> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  card: '[CARD]',
  iban: '[IBAN]',
  ssn: '[SSN]',
};

/** `text` with each of `matches` (non-overlapping, in text order, as from `findPii`) replaced by its placeholder. */
export function redactPii(text: string, matches: readonly PiiMatch[]): string {
  let redacted = '';
  let position = 0;
  for (const match of matches) {
    redacted += text.slice(position, match.start) + PII_PLACEHOLDERS[match.kind];
    position = match.end;
  }
  return redacted + text.slice(position);
}
