export { analyze, LEXICAL_ANALYZER } from './analyze.js';
export { LexicalIndex, type LexicalHit, type LexicalSearchOptions } from './lexical-index.js';
export { lexicalEntry, type LexicalEntry } from './lexical-entry.js';
export { LEXICAL_ARTIFACT, loadVersionLexical, segmentLexicalArtifact, type ReadArtifact } from './version-lexical.js';
