import { isValidIban } from './iban-checksum.js';
import { passesLuhnCheck } from './luhn-checksum.js';
import { isPhoneNumber, PHONE_NUMBER_PATTERN } from './phone-number-pattern.js';

/** The kinds of personal data {@link findPii} detects. */
export type PiiKind = 'email' | 'phone' | 'card' | 'iban' | 'ssn';

/** Where personal data was found: `text.slice(start, end)` is the match. */
export interface PiiMatch {
  kind: PiiKind;
  /** Offset of the first character (UTF-16 code units). */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

/** How each kind is named in reasons, in the order reasons list them. */
export const PII_KIND_LABELS: Readonly<Record<PiiKind, string>> = {
  email: 'email address',
  phone: 'phone number',
  card: 'payment card number',
  iban: 'IBAN',
  ssn: 'US social security number',
};

interface PiiDetector {
  kind: PiiKind;
  /** A global regular expression; every detector starts matches only at a token boundary. */
  pattern: RegExp;
  /** Second check on a match (checksum, plausibility); absent when the pattern is enough. */
  accepts?: (match: string) => boolean;
}

const DETECTORS: readonly PiiDetector[] = [
  {
    kind: 'email',
    pattern:
      /(?<![\w.%+-])[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b/g,
  },
  {
    kind: 'card',
    // 4-4-4-4(-3) digits (Visa, Mastercard, Discover, UnionPay, JCB) or 4-6-4/5 (Amex, Diners), one separator style.
    pattern:
      /(?<![\w.,/-]|\d[ -])(?:[2-6]\d{3}([ -]?)\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|3\d{3}([ -]?)\d{6}\2\d{4,5})(?![\w]|[.,/-]\d)/g,
    accepts: (match) => {
      const digits = match.replace(/\D/g, '');
      return hasCardPrefix(digits) && passesLuhnCheck(digits);
    },
  },
  {
    kind: 'iban',
    pattern: /(?<!\w)[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?!\w)/g,
    accepts: isValidIban,
  },
  {
    kind: 'ssn',
    // Hyphens required: nine bare digits are as likely a count or an id. Area 000, 666 and 9xx are never issued.
    pattern: /(?<![\w.,/-]|\d[ -])(?!000|666|9)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?![\w]|[.,/-]\d)/g,
  },
  { kind: 'phone', pattern: PHONE_NUMBER_PATTERN, accepts: isPhoneNumber },
];

/**
 * Finds email addresses, phone numbers, payment card numbers (Luhn-checked, known issuer
 * prefix), IBANs (country length and mod-97 checked) and US social security numbers (with
 * hyphens). Returns non-overlapping matches in text order; where matches overlap, the one that
 * starts first wins, then the longer one. A heuristic tuned against false positives on
 * scientific text, which is full of numbers: plain digit runs, years, dates, ranges and DOIs do
 * not match, so some real phone numbers (bare digits, unusual grouping) are missed.
 */
export function findPii(text: string): PiiMatch[] {
  const candidates: PiiMatch[] = [];
  for (const detector of DETECTORS) {
    for (const match of text.matchAll(detector.pattern)) {
      if (detector.accepts && !detector.accepts(match[0])) continue;
      candidates.push({ kind: detector.kind, start: match.index, end: match.index + match[0].length });
    }
  }
  candidates.sort((left, right) => left.start - right.start || right.end - left.end);
  const matches: PiiMatch[] = [];
  for (const candidate of candidates) {
    const previous = matches.at(-1);
    if (!previous || candidate.start >= previous.end) matches.push(candidate);
  }
  return matches;
}

/** The labels of the kinds among `matches`, each once, in {@link PII_KIND_LABELS} order. */
export function describePiiKinds(matches: readonly PiiMatch[]): string[] {
  const kinds = new Set(matches.map((match) => match.kind));
  return (Object.keys(PII_KIND_LABELS) as PiiKind[])
    .filter((kind) => kinds.has(kind))
    .map((kind) => PII_KIND_LABELS[kind]);
}

/**
 * Issuer prefixes: Visa 4, Mastercard 51–55 and 2221–2720, Amex 34/37, Diners 300–305/36/38,
 * Discover 6011/644–649/65, JCB 3528–3589, UnionPay 62.
 */
function hasCardPrefix(digits: string): boolean {
  const first4 = Number(digits.slice(0, 4));
  return (
    /^(?:4|5[1-5]|3[47]|30[0-5]|3[68]|6011|64[4-9]|65|62)/.test(digits) ||
    (first4 >= 2221 && first4 <= 2720) ||
    (first4 >= 3528 && first4 <= 3589)
  );
}
