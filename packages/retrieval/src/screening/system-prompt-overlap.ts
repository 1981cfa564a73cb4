/**
 * How much of an LLM's system prompt an answer reproduces, measured in words (lower case, letters
 * and digits only, so reformatting and punctuation do not hide a copy): the defence against a
 * model that obeys "repeat your instructions". A copy is looked for in the answer as written and in
 * its {@link encodedReadings} (base64, hex, ROT13, reversed, spelled out).
 */
import { rot13 } from '@ragship/prompt-injection';
import { encodedReadings, reversed } from './encoded-readings.js';

/** Words of the system prompt in a row that make an answer a leak: longer than any phrase the prompt asks the model to say. */
export const LEAK_RUN_WORDS = 14;
/** Letters of the system prompt in a row that make a leak where there are no word boundaries (spelled out letter by letter): about {@link LEAK_RUN_WORDS} words. */
export const LEAK_RUN_LETTERS = 60;

/** The words of `text`, lower case: the unit overlap is counted in. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A system prompt prepared for comparison: every run of {@link LEAK_RUN_WORDS} words, and its text as one line of words. */
export interface PromptReference {
  runs: ReadonlySet<string>;
  /** The prompt's words joined by single spaces, padded with a space at each end. */
  line: string;
  /** Every run of {@link LEAK_RUN_LETTERS} letters of the prompt, without what lies between words, diacritics or digits. */
  letterRuns: ReadonlySet<string>;
}

/** `prompt` prepared for {@link leaksPrompt} and {@link promptTailLength}. */
export function promptReference(prompt: string): PromptReference {
  const words = wordsOf(prompt);
  const runs = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) runs.add(words.slice(i, i + LEAK_RUN_WORDS).join(' '));
  const letters = lettersOf(words.join(''));
  const letterRuns = new Set<string>();
  for (let i = 0; i + LEAK_RUN_LETTERS <= letters.length; i++) letterRuns.add(letters.slice(i, i + LEAK_RUN_LETTERS));
  return { runs, line: ` ${words.join(' ')} `, letterRuns };
}

/**
 * Whether `answer` holds {@link LEAK_RUN_WORDS} or more words of the prompt in a row, as written
 * or in one of its {@link encodedReadings}, or {@link LEAK_RUN_LETTERS} letters of it in a row
 * spelled out letter by letter.
 */
export function leaksPrompt(answer: string, reference: PromptReference): boolean {
  if (copiesWords(answer, reference)) return true;
  const readings = encodedReadings(answer);
  return (
    readings.texts.some((reading) => copiesWords(reading, reference)) ||
    readings.letterRuns.some((run) => copiesLetters(run, reference))
  );
}

function copiesWords(text: string, reference: PromptReference): boolean {
  const words = wordsOf(text);
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) {
    if (reference.runs.has(words.slice(i, i + LEAK_RUN_WORDS).join(' '))) return true;
  }
  return false;
}

function copiesLetters(run: string, reference: PromptReference): boolean {
  const letters = lettersOf(run);
  for (let i = 0; i + LEAK_RUN_LETTERS <= letters.length; i++) {
    if (reference.letterRuns.has(letters.slice(i, i + LEAK_RUN_LETTERS))) return true;
  }
  return false;
}

function lettersOf(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[^\p{L}]/gu, '')
    .toLowerCase();
}

/**
 * How many of `text`'s last words stand in the prompt in the same order, read as written, as
 * ROT13, or backwards (the last word is then the prompt's first): a streamed answer holds these
 * back, since the next words may make them a leak. Counts up to {@link LEAK_RUN_WORDS}. Read as
 * ROT13 or backwards, one word is not counted: many ordinary words are a prompt word so read
 * ("be" is "or" in ROT13), and holding them would slow every answer for a one-word head start.
 */
export function promptTailLength(text: string, reference: PromptReference): number {
  const words = wordsOf(text).slice(-LEAK_RUN_WORDS);
  const encoded = Math.max(
    tailLength(words.map(rot13), reference),
    tailLength(words.map(reversed).reverse(), reference, 'backwards'),
  );
  return Math.max(tailLength(words, reference), encoded > 1 ? encoded : 0);
}

/** How many of `words`' last words (first words, `backwards`) stand in the prompt in order. */
function tailLength(words: readonly string[], reference: PromptReference, direction?: 'backwards'): number {
  let length = 0;
  while (length < words.length) {
    const run = direction ? words.slice(0, length + 1) : words.slice(words.length - length - 1);
    if (!reference.line.includes(` ${run.join(' ')} `)) break;
    length++;
  }
  return length;
}
