const STOPWORDS = new Set(
  (
    'a an and are as at be been but by can could did do does for from had has have how i if in into is it its ' +
    'me my no not of on or our so than that the their them then there these they this to too was we were what ' +
    'when where which while who why will with would you your'
  ).split(' '),
);

/**
 * Lower-cases, splits on anything that is not a letter or digit, drops stopwords and folds
 * common English suffixes, so "rolling back" and "roll back" meet. Used by the local embedder
 * and by extractive answering, so both agree on what a term is. Part of the `local` embedder's
 * identity: any change alters every local vector in the stores, so it needs a new embedder id.
 * Not the BM25 analyzer (Porter) on purpose: docs/decisions/2026-12-07-two-analyzers-kept.md.
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length === 0 || STOPWORDS.has(raw)) continue;
    tokens.push(stem(raw));
  }
  return tokens;
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ingly', 'edly', 'ing', 'ies', 'ied', 'es', 'ed', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      // "rolling" → "roll", "stopped" → "stop": undo a doubled final consonant.
      if ((suffix === 'ing' || suffix === 'ed') && /([^aeiouls])\1$/.test(base)) return base.slice(0, -1);
      return suffix === 'ies' || suffix === 'ied' ? `${base}y` : base;
    }
  }
  return word;
}
