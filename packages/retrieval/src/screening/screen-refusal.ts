import { RagshipError } from '@ragship/core';
import type { InjectionKind } from '@ragship/prompt-injection';

/** What a screen looks at: the question before retrieval, or the answer after generation. */
export type ScreenTarget = 'question' | 'answer';

/**
 * What a screen checks for, as reported in refusals, metrics and traces: prompt injection,
 * profanity and slurs, personal data, a copy of the system prompt.
 */
export type ScreenCheck = 'prompt_injection' | 'toxicity' | 'personal_data' | 'system_prompt';

/** One thing a screen found, with what the settings say to do about it (never `allow`: those are not reported). */
export interface ScreenFinding {
  target: ScreenTarget;
  check: ScreenCheck;
  action: 'flag' | 'refuse';
  /** What was found, in words for the refusal message. */
  reason: string;
}

/** Why an injection of each kind is refused, as the refusal message says it. */
const INJECTION_REASONS: Readonly<Record<InjectionKind, string>> = {
  override: "it looks like an attempt to override the assistant's instructions",
  role: "it looks like an attempt to override the assistant's instructions with a forged role or delimiter",
  reveal: "it asks for the assistant's hidden instructions or secrets",
  exfiltration: 'it asks for data to be sent out through a link or image',
};

/** The refusal message's reason for an injection of `kind`. */
export function injectionReason(kind: InjectionKind): string {
  return INJECTION_REASONS[kind];
}

/**
 * A question or answer the guardrails refused: `QUESTION_REFUSED` or `ANSWER_REFUSED` (HTTP 422),
 * with a message naming the check, e.g. "The question was refused: it looks like an attempt to
 * override the assistant's instructions (prompt_injection)."
 */
export class ScreenRefusedError extends RagshipError {
  override readonly name = 'ScreenRefusedError';
  readonly target: ScreenTarget;
  readonly check: ScreenCheck;

  constructor(finding: ScreenFinding) {
    super(
      finding.target === 'question' ? 'QUESTION_REFUSED' : 'ANSWER_REFUSED',
      `The ${finding.target} was refused: ${finding.reason} (${finding.check}).`,
    );
    this.target = finding.target;
    this.check = finding.check;
  }
}
