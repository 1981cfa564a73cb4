import type { Citation } from './citation.js';
import type { ChatTurn } from './answer-prompt.js';
import { createAnswerScreen, type AnswerScreen } from './screening/screen-answer.js';
import { createScreenLog, type ScreenRecorder } from './screening/screen-log.js';
import { screenQuestion } from './screening/screen-question.js';
import type { ServedIndex } from './served-index.js';
import type { AnswerOptions, ServingOptions, Settled } from './serving-options.js';

type Span = ScreenRecorder['span'];

/** Where a call's findings go: its span, and the `onScreen` hook with the version it was made on. */
function recorderOf(index: ServedIndex, options: Settled<ServingOptions>, span: Span): ScreenRecorder {
  return { span, onFinding: (finding) => options.onScreen?.({ ...finding, index }) };
}

/**
 * Screens a call's question (and its history) before anything is retrieved, as
 * `guardrails.questions` says: findings go on `span` and to `onScreen`; a refusal throws
 * `ScreenRefusedError` (`QUESTION_REFUSED`).
 */
export function screenCallQuestion(
  index: ServedIndex,
  options: Settled<ServingOptions>,
  span: Span,
  question: string,
  history: readonly ChatTurn[] = [],
): void {
  createScreenLog('question', recorderOf(index, options, span)).record(
    screenQuestion(options.guardrails.questions, question, history),
  );
}

/** The screen of a call's answer (`guardrails.answers`), citing `citations`, recording on `span` and to `onScreen`. */
export function answerScreenOf(
  index: ServedIndex,
  options: Settled<AnswerOptions>,
  span: Span,
  citations: readonly Citation[],
): AnswerScreen {
  return createAnswerScreen({
    settings: options.guardrails.answers,
    citations,
    promptTemplate: options.answerer.promptTemplate,
    recorder: recorderOf(index, options, span),
  });
}
