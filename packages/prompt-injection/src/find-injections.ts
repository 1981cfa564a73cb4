import { decodedPayloads } from './encoded-payloads.js';
import { INJECTION_PATTERNS, type InjectionKind } from './injection-patterns.js';
import { matchingViews, type MatchingViews } from './normalize-text.js';
import { SPELLED_OUT_OVERRIDE } from './override-phrases.js';

/** One kind of injection attempt found in a text. */
export interface InjectionFinding {
  /** The family, e.g. `ignore previous instructions`; `… (base64)` or `… (rot13)` when found decoded. */
  label: string;
  kind: InjectionKind;
}

/**
 * Finds text aimed at a language model rather than at a reader: orders to drop its instructions
 * (in English, German, French, Spanish, Italian, Portuguese and Dutch, the words a few apart),
 * forged roles and delimiters, requests for the system prompt or secrets, URLs built to carry
 * data out, and any of these hidden in base64 or ROT13. The text is normalised first (see
 * `matchingViews`), so homoglyphs, zero-width characters, leetspeak and spelled-out words do
 * not hide a phrase.
 *
 * A heuristic, not a guarantee: it catches the common shapes, and paraphrases it has no words
 * for get through. Returns one finding per family, in {@link INJECTION_PATTERNS} order, plain
 * findings before decoded ones.
 */
export function findInjections(text: string): InjectionFinding[] {
  const findings = findInViews(matchingViews(text));
  const seen = new Set(findings.map((finding) => finding.label));
  for (const payload of decodedPayloads(text)) {
    for (const finding of findInViews(matchingViews(payload.text))) {
      const label = `${finding.label} (${payload.encoding})`;
      if (seen.has(label)) continue;
      seen.add(label);
      findings.push({ label, kind: finding.kind });
    }
  }
  return findings;
}

/** Whether `text` holds any injection attempt {@link findInjections} knows. */
export function isInstructionLike(text: string): boolean {
  return findInjections(text).length > 0;
}

function findInViews(views: MatchingViews): InjectionFinding[] {
  const findings: InjectionFinding[] = [];
  for (const { label, kind, view, patterns, cue } of INJECTION_PATTERNS) {
    if (findings.some((finding) => finding.label === label)) continue;
    const text = views[view];
    if (cue && !cue.test(text)) continue;
    if (patterns.some((pattern) => pattern.test(text))) findings.push({ label, kind });
  }
  if (views.spelledOut.some((run) => SPELLED_OUT_OVERRIDE.test(run))) {
    findings.push({ label: 'spelled-out instructions', kind: 'override' });
  }
  return findings;
}
