import { OVERRIDE_CUE, OVERRIDE_PATTERNS } from './override-phrases.js';

/**
 * What an injection attempt tries: make the model drop its instructions (`override`), forge a
 * turn or close the quoted context (`role`), reveal the system prompt or secrets (`reveal`), or
 * smuggle data out through a URL the client loads (`exfiltration`). Encoded payloads are
 * reported with the kind of what they decode to.
 */
export type InjectionKind = 'override' | 'role' | 'reveal' | 'exfiltration';

/** One family of text aimed at a language model rather than at a reader. */
export interface InjectionPattern {
  /** Short name used in reasons, e.g. `ignore previous instructions`. */
  label: string;
  kind: InjectionKind;
  /** Whether it matches the folded view (phrases) or the plain one (markers, URLs). */
  view: 'folded' | 'plain';
  /** Any one matching counts; no `g` flag. */
  patterns: readonly RegExp[];
  /** A cheap test the text must pass before `patterns` are tried (a word they all need). */
  cue?: RegExp;
}

/** "Reveal/print/show … your … prompt" and its kin, in the folded view. */
const REVEAL_VERBS =
  '(?:reveal|print|show|repeat|output|display|leak|disclose|tell|give|share|write out|dump|spell out|recite|echo|paste|type out|reproduce|return|list)(?:\\s+(?:me|us))?(?:\\s+(?:back|again|exactly|verbatim))?';
const PROMPT_NOUNS =
  '(?:prompt|instructions|rules|guidelines|directives|system message|system prompt|configuration|initial message)';
const PROMPT_QUALIFIERS =
  '(?:system|initial|original|hidden|secret|internal|developer|full|exact|complete|first|pre-?)';

/**
 * The families, in the order their labels are reported. Patterns are kept narrow so that
 * ordinary prose ("these cells act as a buffer", "you are now ready to deploy", a "### Instructions"
 * heading, "participants were asked to ignore the noise") does not match; on the SciFact and
 * COVID-QA corpora none does (ingest's `real-corpora.test.ts`).
 */
export const INJECTION_PATTERNS: readonly InjectionPattern[] = [
  {
    label: 'ignore previous instructions',
    kind: 'override',
    view: 'folded',
    patterns: OVERRIDE_PATTERNS,
    cue: OVERRIDE_CUE,
  },
  {
    label: 'disregard the system prompt',
    kind: 'override',
    view: 'folded',
    patterns: [
      /\b(?:ignore|disregard|forget|override|bypass)\s+(?:the\s+|your\s+)?(?:system\s+prompt|system\s+message|guardrails|safety\s+(?:rules|guidelines|filters)|content\s+polic(?:y|ies))\b/,
    ],
  },
  {
    label: 'reveal the system prompt',
    kind: 'reveal',
    view: 'folded',
    patterns: [
      new RegExp(
        `\\b${REVEAL_VERBS}\\s+(?:your\\s+(?:${PROMPT_QUALIFIERS}\\s+)?${PROMPT_NOUNS}|the\\s+${PROMPT_QUALIFIERS}\\s+(?:prompt|instructions|message))\\b`,
      ),
      new RegExp(
        `\\b${REVEAL_VERBS}\\s+(?:all\\s+)?(?:the\\s+)?(?:text|words|everything|content)\\s+(?:above|before this)\\b`,
      ),
      /\bwhat\s+(?:is|are|were|was)\s+your\s+(?:(?:system|initial|original|hidden|secret|first)\s+)?(?:prompt|instructions|rules|guidelines|directives|system\s+message)\b/,
      /\b(?:zeige?|zeigen\s+sie|gib|nenne|verrate|wiederhole)\s+(?:mir\s+)?(?:deinen|deine|ihren|ihre)\s+(?:system-?prompt|systemnachricht|anweisungen|instruktionen|regeln)\b/,
      /\b(?:revele|revelez|montre|montrez|affiche|affichez|repete|repetez|donne|donnez)(?:-moi|\s+moi)?\s+(?:ton|ta|tes|votre|vos)\s+(?:prompt|instructions|consignes|regles|message\s+systeme)\b/,
      /\b(?:muestra|muestrame|revela|revelame|repite|dime|dame)\s+(?:tu|tus|su|sus)\s+(?:prompt|instrucciones|reglas|mensaje\s+del\s+sistema)\b/,
      /\b(?:mostra|mostrami|rivela|rivelami|ripeti|dimmi|dammi)\s+(?:il\s+tuo|i\s+tuoi|le\s+tue|tuo|tuoi|tue)\s+(?:prompt|istruzioni|regole)\b/,
      /\b(?:mostre|mostra|revele|revela|repita|repete|diga|me\s+diga)(?:-me)?\s+(?:seu|suas|seus|teu|tuas|o\s+seu|as\s+suas)\s+(?:prompt|instrucoes|regras)\b/,
      /\b(?:toon|laat\s+zien|herhaal|geef|vertel)\s+(?:me\s+)?(?:je|jouw|uw)\s+(?:systeemprompt|prompt|instructies|regels)\b/,
    ],
  },
  {
    label: 'reveal secrets',
    kind: 'reveal',
    view: 'folded',
    patterns: [
      new RegExp(
        `\\b(?:${REVEAL_VERBS}|what\\s+is|what's)\\s+(?:your|the\\s+(?:secret|hidden|server's|system|internal|admin|openai))\\s+(?:openai\\s+|api\\s+|secret\\s+|access\\s+|private\\s+)?(?:api\\s+key|apikey|secret\\s+key|keys|access\\s+token|tokens|password|credentials|environment\\s+variables|env\\s+vars|secrets)\\b`,
      ),
    ],
  },
  {
    label: 'you are now',
    kind: 'role',
    view: 'folded',
    patterns: [
      /\b(?:you\s+are|you're|u\s+r)\s+now\s+(?:a|an|in|my|no\s+longer|free|dan|unrestricted|jailbroken|unfiltered|uncensored|evil|developer|god)\b/,
      /\b(?:du\s+bist\s+(?:jetzt|nun|ab\s+sofort)|tu\s+es\s+maintenant|vous\s+etes\s+maintenant|ahora\s+eres|ora\s+sei|adesso\s+sei|agora\s+voce\s+e|agora\s+es|je\s+bent\s+nu)\s+(?:dan|frei|libre|libero|livre|vrij|uneingeschrankt|sans\s+restrictions|sin\s+restricciones|senza\s+restrizioni|sem\s+restricoes|zonder\s+beperkingen|kein\s+assistent|nicht\s+mehr)\b/,
    ],
  },
  {
    // Only at the start of a sentence or line: an imperative to the reader, not "proteins act as a scaffold".
    label: 'act as',
    kind: 'role',
    view: 'folded',
    patterns: [
      /(?:^|[.!?:]\s+)(?:please\s+|now\s+|from\s+now\s+on,?\s+)?act\s+as\s+(?:a|an|my|if)\b[^.!?\n]{0,80}?\band\b/m,
    ],
  },
  {
    label: 'pretend to be',
    kind: 'role',
    view: 'folded',
    patterns: [/\bpretend\s+(?:to\s+be|you\s+are|you're)\s+(?:a|an|my)\b/],
  },
  {
    label: 'chat template token',
    kind: 'role',
    view: 'plain',
    patterns: [
      /<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id|begin_of_text)\|>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:start|end)_of_turn>/i,
    ],
  },
  { label: '### Instruction', kind: 'role', view: 'plain', patterns: [/^\s*#{2,}\s*(?:instruction|system)\s*:/im] },
  {
    label: 'role marker',
    kind: 'role',
    view: 'plain',
    patterns: [
      /^[\s>*_#-]*(?:system|developer|admin)(?:\s+(?:prompt|message|note|override|instructions?))?\s*:\s*(?=[^\n]*\b(?:you|your|ignore|instructions?|must|always|never|override|obey|assistant|respond|answer)\b)/im,
      /\[\s*(?:system|developer|admin)(?:\s+(?:message|prompt|note|override|instructions?))?\s*\]|<\s*(?:system|developer)(?:[_ -](?:message|prompt))?\s*>/i,
      /^[\s>*_#-]*(?:new|updated|real|actual|secret|hidden|override|system)\s+(?:system\s+)?instructions?\s*:/im,
    ],
  },
  {
    label: 'fence tag',
    kind: 'role',
    view: 'plain',
    patterns: [
      /<\/\s*(?:context|documents?|sources?|system|instructions?|prompt|search_results?|retrieved|untrusted)\s*>/i,
    ],
  },
  {
    label: 'developer mode',
    kind: 'role',
    view: 'folded',
    patterns: [
      /\b(?:developer|dev|god|jailbreak|dan|unrestricted)\s+mode\s+(?:enabled|activated|output|response)\b/,
      /\b(?:you\s+are|you're|act|respond|answer|reply|stay)\s+(?:now\s+)?(?:in|as\s+if\s+in|with)\s+(?:developer|god|jailbreak|dan|unrestricted)\s+mode\b/,
    ],
  },
  {
    label: 'from now on',
    kind: 'override',
    view: 'folded',
    patterns: [
      /\bfrom\s+now\s+on,?\s+(?:you|your)\s+(?:will|must|shall|are\s+to)\s+(?:only\s+|always\s+|never\s+)?(?:respond|answer|reply|act|speak|obey|follow|ignore|refuse|say)\b/,
    ],
  },
  {
    label: 'do not tell the user',
    kind: 'override',
    view: 'folded',
    patterns: [
      /\b(?:do\s+not|don't|never)\s+(?:tell|inform|reveal\s+(?:this\s+|it\s+)?to|mention\s+(?:this\s+|it\s+)?to|let)\s+the\s+user\b/,
    ],
  },
  {
    label: 'jailbreak',
    kind: 'role',
    view: 'folded',
    patterns: [/\bjailbr(?:eak|eaking|eaks|oken)\b|\bdo\s+anything\s+now\b/],
  },
  {
    label: 'DAN',
    kind: 'role',
    view: 'plain',
    patterns: [
      /\b(?:are|be|as|called|named|become|play)\s+(?:now\s+)?DAN\b|\bDAN\s+(?:mode|prompt)\b|\bDAN,\s+(?:which|who)\b/,
    ],
  },
  {
    label: 'exfiltration',
    kind: 'exfiltration',
    view: 'plain',
    patterns: [
      // A Markdown image or link, or a bare URL, whose query or path holds a placeholder to fill in.
      /!?\[[^\]\n]{0,200}\]\(\s*<?(?:https?:)?\/\/[^)\s]*[/?&=](?:\{|\[|<|%7b|%5b|\$\{?)/i,
      /\bhttps?:\/\/[^\s)]+[?&][\w.-]+=(?:\{|\[|<|%7b|%5b|\$\{?|(?:INSERT|DATA|SECRET|QUESTION|CONVERSATION|HISTORY|SUMMARY)\b)/i,
    ],
  },
  {
    label: 'exfiltration',
    kind: 'exfiltration',
    view: 'folded',
    patterns: [
      /\b(?:append|add|put|include|insert|encode|embed|place|pass|send|attach)\b[^.!?\n]{0,60}\b(?:conversation|chat\s+history|history|question|answers?|secrets?|passwords?|api\s+keys?|tokens?|personal\s+data|user'?s\s+\w+|previous\s+messages?|system\s+prompt)\b[^.!?\n]{0,60}\b(?:to|in|into|as)\s+(?:the\s+|a\s+|an\s+|this\s+)?(?:url|link|query\s+string|query\s+parameter|parameter|image\s+(?:url|link|source|src)|markdown\s+image)\b/,
      /\b(?:render|display|show|output|print|include|embed|insert|return)\s+(?:an?\s+|the\s+|this\s+)?(?:markdown\s+)?(?:image|img|picture|pixel)\b[^.!?\n]{0,80}\b(?:url|src|source|link)\b[^.!?\n]{0,80}\b(?:conversation|history|question|secret|password|api\s+key|token|personal\s+data|previous\s+messages?|summary)\b/,
    ],
  },
  {
    label: 'follow encoded text',
    kind: 'override',
    view: 'folded',
    patterns: [
      /\b(?:decode|decrypt|deobfuscate|rot13|base64)\b[^.!?\n]{0,60}\b(?:and|then)\s+(?:follow|execute|obey|run|do\s+what|perform|carry\s+out)\b/,
    ],
  },
];
