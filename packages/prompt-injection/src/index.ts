export { findInjections, isInstructionLike, type InjectionFinding } from './find-injections.js';
export { INJECTION_PATTERNS, type InjectionKind, type InjectionPattern } from './injection-patterns.js';
export { matchingViews, type MatchingViews } from './normalize-text.js';
export {
  decodedPayloads,
  decodeBase64Runs,
  decodeHexRuns,
  looksLikeBase64,
  rot13,
  type DecodedPayload,
} from './encoded-payloads.js';
