export { findPii, describePiiKinds, PII_KIND_LABELS, type PiiKind, type PiiMatch } from './find-pii.js';
export { redactPii, PII_PLACEHOLDERS } from './redact-pii.js';
