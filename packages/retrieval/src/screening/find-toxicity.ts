import { DataSet, englishDataset, englishRecommendedTransformers, RegExpMatcher, type MatchPayload } from 'obscenity';

/**
 * Words of obscenity's English list that are also the ordinary vocabulary of medicine, biology
 * and other sciences ("sex differences", "anal fissure", "growth retardation", "semen analysis",
 * "ABO blood group", "great tit", "dyke" in geology) or common names (Dick, Hooker): documents
 * and questions about them are not abuse, and an answerer quoting them must not be refused.
 */
const SCIENTIFIC_VOCABULARY = new Set([
  'abo',
  'anal',
  'anus',
  'cock',
  'cum',
  'dick',
  'dyke',
  'ejaculate',
  'fisting',
  'hooker',
  'incest',
  'masturbate',
  'negro',
  'orgasm',
  'penis',
  'prick',
  'rape',
  'retard',
  'scat',
  'semen',
  'sex',
  'spastic',
  'tit',
  'tranny',
  'vagina',
]);

/** Words the list's patterns catch that are none of its words ("trafficking" reads as f?ck). */
const EXTRA_WHITELIST = ['traffick', 'assort', 'assosc'];

const dataset = new DataSet<{ originalWord: string }>()
  .addAll(englishDataset)
  .removePhrasesIf((phrase) => SCIENTIFIC_VOCABULARY.has(phrase.metadata?.originalWord ?? ''));

const built = dataset.build();
const matcher = new RegExpMatcher({
  blacklistedTerms: built.blacklistedTerms,
  whitelistedTerms: [...(built.whitelistedTerms ?? []), ...EXTRA_WHITELIST],
  ...englishRecommendedTransformers,
});

/**
 * The profanity and slurs in `text`, as the words of obscenity's English list they match
 * (`englishDataset` with its recommended transformers, so `fvck`, `sh1t` and homoglyph spellings
 * count), less the list's scientific vocabulary. Matches that are really something else are
 * left out: spans across words ("of CKD" read as f ck), spans mostly of digits ("455" read as
 * a55), two-letter abbreviations ("fu", "ffu"), gene and protein names with digits (FKBP12,
 * ASS1) and proper names that start with a listed word or are hyphenated (Fagbohun, Fuk-Woo).
 */
export function findToxicity(text: string): string[] {
  const words = new Set<string>();
  for (const match of matcher.getAllMatches(text)) {
    if (!isRealMatch(text, match)) continue;
    words.add(dataset.getPayloadWithPhraseMetadata(match).phraseMetadata?.originalWord ?? 'profanity');
  }
  return [...words];
}

function isRealMatch(text: string, match: MatchPayload): boolean {
  const span = text.slice(match.startIndex, match.endIndex + 1);
  const letters = span.replace(/[^\p{L}]/gu, '');
  // Two letters once doubled ones are collapsed ("ffu", focus-forming units) are an abbreviation.
  if (/\s/.test(span) || letters.toLowerCase().replace(/(.)\1+/g, '$1').length < 3) return false;
  if (letters.length * 2 < span.length) return false;
  const { token, hyphenated } = tokenAround(text, match.startIndex, match.endIndex + 1);
  if (/\d/.test(token.replace(span, ''))) return false;
  const titleCase = /^\p{Lu}\p{Ll}+$/u.test(token);
  return !(titleCase && (token.length >= span.length + 3 || hyphenated));
}

/** The run of letters and digits around `text.slice(start, end)`, and whether a hyphen joins it to another. */
function tokenAround(text: string, start: number, end: number): { token: string; hyphenated: boolean } {
  let from = start;
  let to = end;
  while (from > 0 && /[\p{L}\p{N}]/u.test(text[from - 1]!)) from--;
  while (to < text.length && /[\p{L}\p{N}]/u.test(text[to]!)) to++;
  return { token: text.slice(from, to), hyphenated: text[from - 1] === '-' || text[to] === '-' };
}
