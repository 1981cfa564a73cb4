/** One pattern of text aimed at a language model rather than at a reader. */
export interface InstructionPattern {
  /** Short name used in reasons, e.g. `ignore previous instructions`. */
  label: string;
  /** Case-insensitive; no `g` flag, only whether it matches counts. */
  pattern: RegExp;
}

/**
 * A curated list of prompt-injection phrasings: text that, once retrieved into a prompt, tries
 * to give the model orders. A heuristic, not a guarantee: it catches the common, literal forms
 * (in English) and misses paraphrases, other languages and obfuscated text. Patterns are kept
 * narrow so that ordinary prose ("these cells act as a buffer", "you are now ready to deploy",
 * a "### Instructions" heading) does not match.
 */
export const INSTRUCTION_PATTERNS: readonly InstructionPattern[] = [
  {
    label: 'ignore previous instructions',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\s+(?:all\s+|any\s+|the\s+|of\s+)*(?:your\s+)?(?:previous|prior|above|earlier|preceding|original|system)\s+(?:instructions?|prompts?|directions|rules|guidelines|messages?)\b/i,
  },
  {
    label: 'disregard the system prompt',
    pattern:
      /\b(?:ignore|disregard|forget|override|bypass)\s+(?:the\s+|your\s+)?(?:system\s+prompt|system\s+message|guardrails)\b/i,
  },
  {
    label: 'reveal the system prompt',
    pattern:
      /\b(?:reveal|print|show|repeat|output|display|leak|disclose|tell\s+me)\s+(?:me\s+)?(?:your\s+(?:system\s+|initial\s+|original\s+|hidden\s+|secret\s+)?(?:prompt|instructions)|the\s+(?:system|initial|original|hidden|secret)\s+(?:prompt|instructions))\b/i,
  },
  {
    label: 'you are now',
    pattern: /\byou\s+are\s+now\s+(?:a|an|in|my|no\s+longer|free|DAN|unrestricted|jailbroken)\b/i,
  },
  {
    // Only at the start of a sentence or line: an imperative to the reader, not "proteins act as a scaffold".
    label: 'act as',
    pattern:
      /(?:^|[.!?:]\s+)(?:please\s+|now\s+|from\s+now\s+on,?\s+)?act\s+as\s+(?:a|an|my|if)\b[^.!?\n]{0,80}?\band\b/im,
  },
  { label: 'pretend to be', pattern: /\bpretend\s+(?:to\s+be|you\s+are)\s+(?:a|an|my)\b/i },
  {
    label: 'chat template token',
    pattern: /<\|(?:im_start|im_end|system|user|assistant|endoftext)\|>|\[\/?INST\]|<<\/?SYS>>/i,
  },
  { label: '### Instruction', pattern: /^\s*#{2,}\s*(?:instruction|system)\s*:/im },
  {
    label: 'do not tell the user',
    pattern:
      /\b(?:do\s+not|don't|never)\s+(?:tell|inform|reveal\s+(?:this\s+|it\s+)?to|mention\s+(?:this\s+|it\s+)?to|let)\s+the\s+user\b/i,
  },
  { label: 'jailbreak', pattern: /\bjailbr(?:eak|eaking|eaks|oken)\b|\bdo\s+anything\s+now\b/i },
];
