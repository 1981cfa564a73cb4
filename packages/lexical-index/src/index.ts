export { analyze, LEXICAL_ANALYZER } from './analyze.js';
export {
  LexicalIndex,
  lexicalEntry,
  type LexicalEntry,
  type LexicalHit,
  type LexicalSearchOptions,
} from './lexical-index.js';

/** The registry artifact name a version's lexical index is stored under. */
export const LEXICAL_ARTIFACT = 'lexical-index';
