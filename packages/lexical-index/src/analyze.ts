import { stemmer } from 'stemmer';
import { eng } from 'stopword';

const STOPWORDS = new Set<string>(eng);

// Porter stemming is a pure function of the word and was a third of the analyzer's time;
// a corpus repeats its words, so most stems come from here. Cleared when full, so it stays bounded.
const STEMS = new Map<string, string>();
const MAX_STEMS = 200_000;

function stem(word: string): string {
  let stemmed = STEMS.get(word);
  if (stemmed === undefined) {
    if (STEMS.size >= MAX_STEMS) STEMS.clear();
    stemmed = ownCopy(stemmer(word));
    STEMS.set(ownCopy(word), stemmed);
  }
  return stemmed;
}

/**
 * `text` in a string of its own. A word split from a chunk's text is, from 13 characters on, a
 * view into that text (V8's sliced strings): kept in the memo or as an index term, it would keep
 * the whole lower-cased chunk alive (at SciFact scale ~30 MB of them).
 */
function ownCopy(text: string): string {
  return text.length < 13 ? text : (JSON.parse(JSON.stringify(text)) as string);
}

/**
 * The analyzer of the lexical index, applied alike to chunks and queries: lower-cased, split on
 * anything but letters and digits, English stopwords dropped, Porter-stemmed. Its id is recorded
 * with every index built, and an index is only searched with the analyzer it was built with.
 */
export function analyze(text: string): string[] {
  const terms: string[] = [];
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word.length === 0 || STOPWORDS.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/** Names the analyzer, scoring and stored fields; bump it when any changes, so old indexes are rebuilt, not misread. */
export const LEXICAL_ANALYZER = 'en-porter-stopwords+bm25@2';
