import type { GuardrailSettings, ScreenAction } from '@ragship/core';
import { describePiiKinds, findPii } from '@ragship/pii';
import type { Citation } from '../citation.js';
import { findToxicity } from './find-toxicity.js';
import { openEncodedRunStart } from './encoded-readings.js';
import { linkPolicyOf, linkSafeLength, neutralizeLinks } from './neutralize-links.js';
import { markupSafeLength, neutralizeMarkup } from './neutralize-markup.js';
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
  /** The whole answer, screened, its links, images and active markup neutralised. */
  text(answer: string): string;
  /**
   * The answer's pieces, screened as they come: text is held back until nothing after it can
   * change the verdict on it (a word may still grow into profanity or a URL, a Markdown link
   * or an HTML tag or `<script>` element may still be open, the last words may be the start of a
   * copy of the system prompt, an encoded run such as base64 may not have ended), then screened,
   * neutralised and released. Refused text is never released; what was released before a
   * refusal was screened clean.
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
 * `LEAK_RUN_WORDS` words or more of the system prompt, as written or encoded (`systemPrompt`, LLM
 * answerers only), each allowed, flagged or refused as `settings` say; active HTML removed as
 * `settings.markup` says (see {@link neutralizeMarkup}), then links and images neutralised as
 * `settings.links` says (see {@link neutralizeLinks}), in one pass over the same text.
 */
export function createAnswerScreen(options: AnswerScreenOptions): AnswerScreen {
  const { settings } = options;
  const policy = linkPolicyOf(settings.links, options.citations);
  const removeMarkup = settings.markup === 'remove';
  const reference =
    options.promptTemplate && settings.systemPrompt !== 'allow' ? promptReference(options.promptTemplate) : null;
  const log = createScreenLog('answer', options.recorder);
  const stream: StreamScreen = {
    screen: (whole, recent) => log.record(findingsIn(settings, reference, whole, recent)),
    neutralize: (text, more = false) => neutralizeLinks(removeMarkup ? neutralizeMarkup(text, { more }) : text, policy),
    safeLength: (text) => Math.min(linkSafeLength(text), removeMarkup ? markupSafeLength(text) : text.length),
    reference,
  };
  return {
    text(answer) {
      stream.screen(answer, answer);
      return stream.neutralize(answer);
    },
    pieces: (pieces) => screenPieces(pieces, stream),
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
  /** Active markup removed, links and images neutralised; `more`: more text follows (see {@link neutralizeMarkup}). */
  neutralize(text: string, more?: boolean): string;
  /** How much of a text can be neutralised now: no link, tag or `<script>` element left open. */
  safeLength(text: string): number;
  reference: PromptReference | null;
}

async function* screenPieces(pieces: AsyncIterable<string>, stream: StreamScreen): AsyncIterable<string> {
  let released = '';
  let held = '';
  // Neutralised text kept back: what a removal left at its end ("x <" of "x <<b onclick=y>") may open a tag or link with what comes next.
  let unsent = '';
  for await (const piece of pieces) {
    held += piece;
    const cut = releasableLength(held, released, stream);
    if (cut === 0) continue;
    // Held text is screened too: a copy of the prompt grows in what is held.
    stream.screen(released.slice(-LEAK_OVERLAP) + held, released.slice(-TOXICITY_OVERLAP) + held);
    const ready = held.slice(0, cut);
    released += ready;
    held = held.slice(cut);
    const out = stream.neutralize(unsent + ready, true);
    const sendable = stream.safeLength(out);
    unsent = out.slice(sendable);
    if (sendable > 0) yield out.slice(0, sendable);
  }
  stream.screen(released.slice(-LEAK_OVERLAP) + held, released.slice(-TOXICITY_OVERLAP) + held);
  const out = stream.neutralize(unsent + held);
  if (out) yield out;
}

/**
 * How much of `held` can be screened and released now: not the last word, not an open link,
 * image, tag or `<script>` element, not an encoded run that may still be growing, not the
 * trailing words that match the system prompt in order.
 */
function releasableLength(held: string, released: string, stream: StreamScreen): number {
  const cut = safeLength(held, released, stream);
  if (!stream.reference || cut === 0) return cut;
  const complete = held.slice(0, cut);
  const tail = promptTailLength(released + complete, stream.reference);
  if (tail === 0) return cut;
  // The matching words may reach back into released text; then all of `complete` is held.
  const words = [...complete.matchAll(/[\p{L}\p{N}]+/gu)];
  if (tail > words.length) return 0;
  // They may also start inside a tag ("alert(1)" of an onerror): then from where that starts.
  return safeLength(held.slice(0, words[words.length - tail]!.index), released, stream);
}

/** How much of `held` leaves no link, tag, `<script>` element or (checking for the prompt) encoded run open. */
function safeLength(held: string, released: string, stream: StreamScreen): number {
  let cut = held.length;
  // Cutting for one construct may end the text inside another: again until none is open.
  for (;;) {
    let next = stream.safeLength(held.slice(0, cut));
    // The run may have started in released text (a spelled-out run is one only from its third character).
    if (stream.reference) next = Math.max(0, openEncodedRunStart(released + held.slice(0, next)) - released.length);
    if (next === cut) return cut;
    cut = next;
  }
}
