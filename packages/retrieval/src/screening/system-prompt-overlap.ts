/**
 * How much of an LLM's system prompt an answer reproduces, measured in words (lower case, letters
 * and digits only, so reformatting and punctuation do not hide a copy): the defence against a
 * model that obeys "repeat your instructions".
 */

/** Words of the system prompt in a row that make an answer a leak: longer than any phrase the prompt asks the model to say. */
export const LEAK_RUN_WORDS = 14;

/** The words of `text`, lower case: the unit overlap is counted in. */
export function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A system prompt prepared for comparison: every run of {@link LEAK_RUN_WORDS} words, and its text as one line of words. */
export interface PromptReference {
  runs: ReadonlySet<string>;
  /** The prompt's words joined by single spaces, padded with a space at each end. */
  line: string;
}

/** `prompt` prepared for {@link leaksPrompt} and {@link promptTailLength}. */
export function promptReference(prompt: string): PromptReference {
  const words = wordsOf(prompt);
  const runs = new Set<string>();
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) runs.add(words.slice(i, i + LEAK_RUN_WORDS).join(' '));
  return { runs, line: ` ${words.join(' ')} ` };
}

/** Whether `answer` holds {@link LEAK_RUN_WORDS} or more words of the prompt in a row. */
export function leaksPrompt(answer: string, reference: PromptReference): boolean {
  const words = wordsOf(answer);
  for (let i = 0; i + LEAK_RUN_WORDS <= words.length; i++) {
    if (reference.runs.has(words.slice(i, i + LEAK_RUN_WORDS).join(' '))) return true;
  }
  return false;
}

/**
 * How many of `text`'s last words stand in the prompt in the same order: a streamed answer holds
 * these back, since the next words may make them a leak. Counts up to {@link LEAK_RUN_WORDS}.
 */
export function promptTailLength(text: string, reference: PromptReference): number {
  const words = wordsOf(text);
  let length = 0;
  while (length < Math.min(words.length, LEAK_RUN_WORDS)) {
    const tail = words.slice(words.length - length - 1).join(' ');
    if (!reference.line.includes(` ${tail} `)) break;
    length++;
  }
  return length;
}
