export { analyze, LEXICAL_ANALYZER } from './analyze.js';
export {
  LexicalIndex,
  lexicalEntry,
  type LexicalEntry,
  type LexicalHit,
  type LexicalSearchOptions,
} from './lexical-index.js';
export { LEXICAL_ARTIFACT, loadVersionLexical, segmentLexicalArtifact, type ReadArtifact } from './version-lexical.js';
