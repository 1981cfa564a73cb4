import { resolveConfusablesTransformer, resolveLeetSpeakTransformer } from 'obscenity';

/** The forms of a text that the injection patterns are matched against. */
export interface MatchingViews {
  /**
   * NFKC-normalised, invisible format characters (zero-width spaces and joiners, bidi controls,
   * soft hyphens) removed, runs of whitespace collapsed to one space or newline; case kept. Role
   * markers, fence tags and URLs are matched here.
   */
  plain: string;
  /**
   * `plain` lower-cased, diacritics dropped, homoglyphs (Cyrillic `а`, Greek `ο`, fullwidth and
   * mathematical letters…) folded to ASCII, leetspeak inside words (`1gn0r3`) read as letters,
   * and words spelled out letter by letter (`i g n o r e`, `i.g.n.o.r.e`) joined. Phrases are
   * matched here.
   */
  folded: string;
  /**
   * The words `folded` joined from letter-by-letter spelling, without separators: an attacker who
   * spells a whole phrase out (`i g n o r e a l l …`) leaves no word boundaries to match on.
   */
  spelledOut: string[];
}

const confusables = resolveConfusablesTransformer();
const leetSpeak = resolveLeetSpeakTransformer();

/** Characters that take no space and change no word: format characters (Cf) and variation selectors. */
const INVISIBLE = /[\p{Cf}\u{FE00}-\u{FE0F}\u{E0100}-\u{E01EF}\u034F\u115F\u1160\u3164\uFFA0]/gu;
/** A word with leetspeak in it: letters and the digits or symbols leetspeak uses, at least one letter. */
const LEET_WORD = /(?<![\p{L}\p{N}])(?=[\p{L}\d@$|!]*\p{L})[\p{L}\d@$|!]*[\d@$|][\p{L}\d@$|!]*(?![\p{L}\p{N}])/gu;
/** Three or more single letters with one separator between each: `i g n o r e`, `i.g.n.o.r.e`, `i-g-n-o-r-e`. */
const SPELLED_OUT = /(?<![\p{L}\p{N}])\p{L}(?:(?:[.\-_*·/] ?| )\p{L}(?![\p{L}\p{N}])){2,}/gu;

/**
 * The {@link MatchingViews} of `text`. The folding is lossy on purpose: it maps what a reader
 * (or a model) would read as the same word to one spelling, so a pattern written once in plain
 * ASCII matches its obfuscated variants.
 */
export function matchingViews(text: string): MatchingViews {
  const visible = text.normalize('NFKC').replace(INVISIBLE, '');
  const spelledOut: string[] = [];
  // Spelled-out words are joined before whitespace is collapsed: a wider gap often marks where a word ends.
  const folded = foldLetters(visible)
    .replace(LEET_WORD, (word) => (/^\d+$/.test(word) ? word : mapChars(word, leetSpeak.transform)))
    .replace(SPELLED_OUT, (run) => {
      const joined = run.replace(/[^\p{L}]/gu, '');
      spelledOut.push(joined);
      return joined;
    });
  return { plain: collapseWhitespace(visible), folded: collapseWhitespace(folded), spelledOut };
}

/** Lower case, without diacritics, homoglyphs read as the ASCII letters they imitate. */
function foldLetters(text: string): string {
  // Lower case first: the homoglyph table reads a capital Cyrillic `І` as `l`, its small form as `i`.
  const withoutMarks = text.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC').toLowerCase();
  if (/^[\p{ASCII}]*$/u.test(withoutMarks)) return withoutMarks;
  return mapChars(withoutMarks, (codePoint) => (codePoint < 0x80 ? codePoint : confusables.transform(codePoint)))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** `text` with each code point replaced by `transform`'s; a code point it drops is kept as it was. */
function mapChars(text: string, transform: (codePoint: number) => number | undefined): string {
  let mapped = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0)!;
    mapped += String.fromCodePoint(transform(codePoint) ?? codePoint);
  }
  return mapped;
}

/** Runs of spaces and tabs become one space, runs of line breaks one newline; ends trimmed. */
function collapseWhitespace(text: string): string {
  return text
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n[\s]*/g, '\n')
    .trim();
}
