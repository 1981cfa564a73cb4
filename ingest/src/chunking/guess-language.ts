import { franc } from 'franc-min';

/** Function words of English: in plain English prose a fifth or more of the words are among them. */
const ENGLISH_FUNCTION_WORDS = new Set(
  (
    'the of and to in a is that for it as with was on be by are this at from or an which were have has not but ' +
    'we their its can been these also than more may between'
  ).split(' '),
);
/** Anything beyond ASCII, Latin-1 and general punctuation: another script, or accented text. */
const NOT_PLAIN_LATIN = /[^\t\n\r\u0020-\u00ff\u2000-\u206f]/;
const SAMPLE = 600;

/**
 * ISO 639-3 code of the document's language (franc, over at most the first 600 characters: longer
 * samples cost more and rarely change the guess), or `und` when the text is too short to tell.
 *
 * Plain-Latin text in which at least a fifth of the words are English function words is English
 * without asking franc, which is most of the ingest's CPU otherwise (about 1.4 ms a document). On
 * SciFact and COVID-QA that decides 4,825 of 5,275 documents, every one as franc does
 * (`guess-language.test.ts` keeps other languages on franc).
 */
export function guessLanguage(text: string): string {
  const sample = text.slice(0, SAMPLE);
  return plainEnglish(sample) ? 'eng' : franc(sample, { minLength: 20 });
}

/** Whether `sample` is decided English without franc (exported for its test). */
export function plainEnglish(sample: string): boolean {
  if (NOT_PLAIN_LATIN.test(sample)) return false;
  const words = sample.toLowerCase().match(/[a-z]+/g) ?? [];
  if (words.length < 12) return false;
  let hits = 0;
  for (const word of words) if (ENGLISH_FUNCTION_WORDS.has(word)) hits++;
  return hits >= 0.2 * words.length;
}
