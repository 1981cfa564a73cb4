/** A piece of an answer's text: plain text, or a citation marker `[n]`. */
export type AnswerPart = { type: 'text'; text: string } | { type: 'citation'; n: number };

/** `[1]`, `[2, 3]`: the markers an answer cites its sources with. */
const MARKER = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

/**
 * Splits an answer into text and citation markers. `[1][2]` and `[1, 2]` give one part per
 * number; a marker naming a number that `isCitation` does not know (e.g. `[2023]`, or a marker
 * still arriving) stays text.
 */
export function parseCitationMarkers(answer: string, isCitation: (n: number) => boolean): AnswerPart[] {
  const parts: AnswerPart[] = [];
  let textStart = 0;
  for (const match of answer.matchAll(MARKER)) {
    const numbers = numbersOf(match[1] ?? '');
    if (!numbers.every(isCitation)) continue;
    if (match.index > textStart) parts.push({ type: 'text', text: answer.slice(textStart, match.index) });
    for (const n of numbers) parts.push({ type: 'citation', n });
    textStart = match.index + match[0].length;
  }
  if (textStart < answer.length) parts.push({ type: 'text', text: answer.slice(textStart) });
  return parts;
}

/** The numbers of the markers in `text`, in order, e.g. `[1] … [2, 3]` → 1, 2, 3. */
export function citedNumbers(text: string): number[] {
  return [...text.matchAll(MARKER)].flatMap((match) => numbersOf(match[1] ?? ''));
}

/** `text` without its markers (and without the space before each). */
export function stripCitationMarkers(text: string): string {
  return text
    .replace(/\s*\[\d+(?:\s*,\s*\d+)*\]/g, '')
    .replace(/\s+([.,;:!?])/g, '$1')
    .trim();
}

function numbersOf(list: string): number[] {
  return list.split(',').map((item) => Number(item.trim()));
}
