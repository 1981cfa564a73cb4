import { tokenize } from '@ragship/embeddings';

/**
 * Words that carry no answer at either end of a span. `tokenize` already drops the commonest
 * stopwords; these are the function words and connectives it keeps.
 */
const EDGE_WORDS = new Set(
  (
    'a an the of in on at to for and or but with by from as is are was were be been being that this these those ' +
    'it its which who whom whose what when where why how than then there their they them such also may can could ' +
    'would should will has have had do does did not no into over under between among about after before during ' +
    'both each other more most some any all only very further however moreover furthermore thus therefore ' +
    'hence indeed ' +
    'although though currently recently additionally'
  ).split(' '),
);

/** Where a sentence divides into clauses: semicolons, and the words that open a subordinate clause. */
const CLAUSE_BOUNDARY =
  /(;\s+|,\s+(?=(?:which|while|whereas|but|although|though|because|since|thus|suggesting|indicating|resulting|leading|however)\b)|\s+(?=(?:while|whereas|because|although)\b))/;

/** Questions asking for an amount: "How many …", "What percentage …". */
const QUANTITY_QUESTION =
  /^\s*(how (many|much|long|often|frequently)|what (percentage|proportion|percent|fraction))\b/i;
const QUANTITY =
  /^[([~≈<>≤≥]*(\d|(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion)\b)/i;
/** Most words of a quantity answer: the number and its unit ("544 base pairs", "11-13 days"). */
const QUANTITY_WORDS = 3;

/**
 * The part of a sentence that answers the question, as a reader would underline it: the
 * clauses that speak to the question (and the one after, which often carries the answer), without
 * the leading and trailing words that only restate the question or join clauses; for a question
 * asking how many or how much, the first amount with its unit. Falls back to the whole sentence
 * when trimming would leave nothing.
 */
export function answerSpan(sentence: string, question: string): string {
  const questionTerms = new Set(tokenize(question));
  const isQuestionWord = (word: string) => {
    const terms = tokenize(word);
    return terms.length > 0 && terms.every((term) => questionTerms.has(term));
  };
  const words = trimEdges(wordsOf(clausesAboutQuestion(sentence, questionTerms)), (word) => {
    const bare = word.toLowerCase().replace(/[^a-z]/g, '');
    return tokenize(word).length === 0 || EDGE_WORDS.has(bare) || isQuestionWord(word);
  });
  if (words.length === 0) return sentence;
  if (QUANTITY_QUESTION.test(question)) {
    const start = words.findIndex((word) => QUANTITY.test(word) && !isQuestionWord(word));
    if (start >= 0) return quantityAt(words, start);
  }
  return words.join(' ');
}

/** The clauses from the first that shares a term with the question to one past the last that does. */
function clausesAboutQuestion(sentence: string, questionTerms: ReadonlySet<string>): string {
  const parts = sentence.split(CLAUSE_BOUNDARY);
  const clauses: string[] = [];
  // split() with a capturing group interleaves the boundaries: keep each with the clause before it.
  for (let i = 0; i < parts.length; i += 2) clauses.push(parts[i] + (parts[i + 1] ?? ''));
  const related = clauses.map((clause) => tokenize(clause).some((term) => questionTerms.has(term)));
  const first = related.indexOf(true);
  if (first < 0) return sentence;
  const end = Math.min(clauses.length, related.lastIndexOf(true) + 2);
  return clauses
    .slice(first, end)
    .join('')
    .replace(/[;,]\s*$/, '');
}

/** Whitespace-separated words, but an inline code span (`ragship promote docs@v2 --to staging`) is one word. */
function wordsOf(text: string): string[] {
  return text.match(/[^\s`]*`[^`]*`\S*|\S+/g) ?? [];
}

function trimEdges(words: readonly string[], drop: (word: string) => boolean): string[] {
  let start = 0;
  let end = words.length;
  while (start < end && drop(words[start] ?? '')) start++;
  while (end > start && drop(words[end - 1] ?? '')) end--;
  return words.slice(start, end);
}

/** The amount starting at `start` and the unit after it, up to the end of its phrase. */
function quantityAt(words: readonly string[], start: number): string {
  let end = start + 1;
  while (end < words.length && end < start + QUANTITY_WORDS && !/[,;.)\]]$/.test(words[end - 1] ?? '')) end++;
  return words
    .slice(start, end)
    .join(' ')
    .replace(/[,;.]$/, '');
}
