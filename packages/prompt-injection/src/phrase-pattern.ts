/**
 * Regular expressions for phrases whose words may stand a few words apart, built from word
 * lists: "ignore … previous … instructions" matches "ignore all of the previous instructions"
 * and "ignore your earlier rules" alike. They are matched against folded text (lower case,
 * ASCII letters; see `matchingViews`).
 */

/** One slot of a phrase: any of `words` (each may be several words), then up to `gap` other words before the next slot. */
export interface PhraseSlot {
  words: readonly string[];
  /** Other words allowed between this slot and the next. Default 0. */
  gap?: number;
}

/** A word that does not end a sentence: filler between the slots of a phrase never crosses one. */
const FILLER_WORD = '[^\\s.!?;:]+';

/** A phrase said not to be done ("do not ignore previous instructions") is no order to do it. */
const NOT_NEGATED = "(?<!\\b(?:not|never|cannot|can't|don't|dont|won't|shouldn't|mustn't|must not)\\s+)";

/** `words` as one alternation, longest first so that "all the" wins over "all". */
export function alternation(words: readonly string[]): string {
  return [...words]
    .sort((left, right) => right.length - left.length)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+'))
    .join('|');
}

/**
 * A pattern matching the slots in order, each slot's words whole, with up to its `gap` filler
 * words after it. `start` is prepended as is (e.g. a clause start), `end` appended.
 */
export function phrasePattern(slots: readonly PhraseSlot[], options: { start?: string; end?: string } = {}): RegExp {
  const body = slots
    .map((slot, index) => {
      const word = `(?:${alternation(slot.words)})`;
      const last = index === slots.length - 1;
      const gap = slot.gap ?? 0;
      const filler = gap > 0 ? `(?:\\s+${FILLER_WORD}){0,${gap}}?` : '';
      return last ? word : `${word}${filler}\\s+`;
    })
    .join('');
  const start = options.start ?? '(?<![\\p{L}\\p{N}])';
  return new RegExp(`${start}${NOT_NEGATED}(?:${body})${options.end ?? '(?![\\p{L}\\p{N}])'}`, 'u');
}
