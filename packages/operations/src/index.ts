export { sourceStores, type OperationsContext } from './operations-context.js';
export { requireEnvironment } from './require-environment.js';
export { resolveManifest, resolveVersion } from './resolve-version.js';
export { promote, type PromoteRequest } from './promote.js';
export { rollBack, type RollBackRequest } from './roll-back.js';
export { aliasStatus, type StatusEntry } from './alias-status.js';
export { auditHistory, toHistoryEntry, type HistoryEntry } from './audit-history.js';
export { summariseVersion, versionSummaries, type VersionEval, type VersionSummary } from './version-summaries.js';
export {
  compareVersions,
  documentChanges,
  type DiffChunk,
  type DocumentChanges,
  type VersionDiff,
} from './compare-versions.js';
