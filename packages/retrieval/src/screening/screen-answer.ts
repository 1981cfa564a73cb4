import type { GuardrailSettings, ScreenAction } from '@ragship/core';
import { describePiiKinds, findPii } from '@ragship/pii';
import type { Citation } from '../citation.js';
import { findToxicity } from './find-toxicity.js';
import { linkPolicyOf, linkSafeLength, neutralizeLinks, type LinkPolicy } from './neutralize-links.js';
import { createScreenLog, type ScreenRecorder } from './screen-log.js';
import type { ScreenCheck, ScreenFinding } from './screen-refusal.js';
import { leaksPrompt, promptReference, promptTailLength, type PromptReference } from './system-prompt-overlap.js';

/** What {@link createAnswerScreen} needs to know of one answer. */
export interface AnswerScreenOptions {
  settings: GuardrailSettings['answers'];
  /** The answer's citations: the hosts of URL sources are the hosts links may point at. */
  citations: readonly Citation[];
  /** The answerer's prompt template (LLM answerers): what the `systemPrompt` check compares with. */
  promptTemplate?: string | undefined;
  recorder: ScreenRecorder;
}

/** The answer screen of one answer. Both methods throw `ScreenRefusedError` (`ANSWER_REFUSED`) on a refusal. */
export interface AnswerScreen {
  /** The whole answer, screened, its links and images neutralised. */
  text(answer: string): string;
  /**
   * The answer's pieces, screened as they come: text is held back until nothing after it can
   * change the verdict on it (a word may still grow into profanity or a URL, a Markdown link
   * may still be open, the last words may be the start of a copy of the system prompt), then
   * screened, neutralised and released. Refused text is never released; what was released
   * before a refusal was screened clean.
   */
  pieces(pieces: AsyncIterable<string>): AsyncIterable<string>;
}

/**
 * Characters of released text screened again with new text, since a match may start before the
 * release point: a few words for toxicity and personal data, a copy's worth of words for the prompt.
 */
const TOXICITY_OVERLAP = 64;
const LEAK_OVERLAP = 2000;

/**
 * The screen of one answer: profanity and slurs (`toxicity`), personal data (`pii`), a copy of
 * `LEAK_RUN_WORDS` words or more of the system prompt (`systemPrompt`, LLM answerers
 * only), each allowed, flagged or refused as `settings` say; links and images neutralised as
 * `settings.links` says (see {@link neutralizeLinks}).
 */
export function createAnswerScreen(options: AnswerScreenOptions): AnswerScreen {
  const { settings } = options;
  const policy = linkPolicyOf(settings.links, options.citations);
  const reference =
    options.promptTemplate && settings.systemPrompt !== 'allow' ? promptReference(options.promptTemplate) : null;
  const log = createScreenLog('answer', options.recorder);
  const screen = (whole: string, recent: string) => log.record(findingsIn(settings, reference, whole, recent));
  return {
    text(answer) {
      screen(answer, answer);
      return neutralizeLinks(answer, policy);
    },
    pieces: (pieces) => screenPieces(pieces, { screen, policy, reference }),
  };
}

/** What the checks find: toxicity and personal data in `recent` text, a prompt copy in `whole` (the answer, or its end). */
function findingsIn(
  settings: GuardrailSettings['answers'],
  reference: PromptReference | null,
  whole: string,
  recent: string,
): ScreenFinding[] {
  const findings: ScreenFinding[] = [];
  const found = (check: ScreenCheck, action: ScreenAction, reason: string) => {
    if (action !== 'allow') findings.push({ target: 'answer', check, action, reason });
  };
  if (settings.toxicity !== 'allow' && findToxicity(recent).length > 0) {
    found('toxicity', settings.toxicity, 'it contains abusive language');
  }
  if (settings.pii !== 'allow') {
    const kinds = describePiiKinds(findPii(recent));
    if (kinds.length > 0) found('personal_data', settings.pii, `it contains personal data (${kinds.join(', ')})`);
  }
  if (reference && leaksPrompt(whole, reference)) {
    found('system_prompt', settings.systemPrompt, "it repeats the assistant's instructions");
  }
  return findings;
}

interface StreamScreen {
  screen(whole: string, recent: string): void;
  policy: LinkPolicy;
  reference: PromptReference | null;
}

async function* screenPieces(pieces: AsyncIterable<string>, stream: StreamScreen): AsyncIterable<string> {
  let released = '';
  let held = '';
  for await (const piece of pieces) {
    held += piece;
    const cut = releasableLength(held, released, stream.reference);
    if (cut === 0) continue;
    // Held text is screened too: a copy of the prompt grows in what is held.
    stream.screen(released.slice(-LEAK_OVERLAP) + held, released.slice(-TOXICITY_OVERLAP) + held);
    const ready = held.slice(0, cut);
    released += ready;
    held = held.slice(cut);
    const out = neutralizeLinks(ready, stream.policy);
    if (out) yield out;
  }
  stream.screen(released.slice(-LEAK_OVERLAP) + held, released.slice(-TOXICITY_OVERLAP) + held);
  const out = neutralizeLinks(held, stream.policy);
  if (out) yield out;
}

/**
 * How much of `held` can be screened and released now: not the last word, not an open link or
 * image, not the trailing words that match the system prompt in order.
 */
function releasableLength(held: string, released: string, reference: PromptReference | null): number {
  const cut = linkSafeLength(held);
  if (!reference || cut === 0) return cut;
  const complete = held.slice(0, cut);
  const tail = promptTailLength(released + complete, reference);
  if (tail === 0) return cut;
  // The matching words may reach back into released text; then all of `complete` is held.
  const words = [...complete.matchAll(/[\p{L}\p{N}]+/gu)];
  return tail > words.length ? 0 : words[words.length - tail]!.index;
}
