import { INSTRUCTION_PATTERNS } from './instruction-patterns.js';

/** The labels of the {@link INSTRUCTION_PATTERNS} that match `text`, in list order. */
export function findInstructionLabels(text: string): string[] {
  return INSTRUCTION_PATTERNS.filter(({ pattern }) => pattern.test(text)).map(({ label }) => label);
}
