import type { GuardrailSettings, ScreenAction } from '@ragship/core';
import { describePiiKinds, findPii } from '@ragship/pii';
import { findInjections } from '@ragship/prompt-injection';
import type { ChatTurn } from '../answer-prompt.js';
import { findToxicity } from './find-toxicity.js';
import { injectionReason, type ScreenCheck, type ScreenFinding } from './screen-refusal.js';

/**
 * What the question screen finds in a question, before anything is retrieved: a prompt-injection
 * attempt in the question or any turn of its history (the client writes both, so both can carry
 * one into the prompt), profanity or slurs in the question, personal data in the question. Only
 * checks whose action is not `allow` run; the findings carry their action.
 */
export function screenQuestion(
  settings: GuardrailSettings['questions'],
  question: string,
  history: readonly ChatTurn[] = [],
): ScreenFinding[] {
  const findings: ScreenFinding[] = [];
  const found = (check: ScreenCheck, action: ScreenAction, reason: string) => {
    if (action !== 'allow') findings.push({ target: 'question', check, action, reason });
  };
  if (settings.injection !== 'allow') {
    const injection = [question, ...history.map((turn) => turn.content)]
      .map((text) => findInjections(text)[0])
      .find((finding) => finding !== undefined);
    if (injection) found('prompt_injection', settings.injection, injectionReason(injection.kind));
  }
  if (settings.toxicity !== 'allow' && findToxicity(question).length > 0) {
    found('toxicity', settings.toxicity, 'it contains abusive language');
  }
  if (settings.pii !== 'allow') {
    const kinds = describePiiKinds(findPii(question));
    if (kinds.length > 0) found('personal_data', settings.pii, `it contains personal data (${kinds.join(', ')})`);
  }
  return findings;
}
