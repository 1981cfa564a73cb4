import { findInjections } from '@ragship/prompt-injection';

/**
 * The labels of the prompt-injection families `text` holds (see `findInjections`: overrides in
 * several languages, role and delimiter markers, requests for the system prompt, exfiltration
 * shapes, encoded payloads, found after undoing obfuscation), in their list order.
 */
export function findInstructionLabels(text: string): string[] {
  return findInjections(text).map(({ label }) => label);
}
