export type {
  Registry,
  VersionRecord,
  AliasRecord,
  ArtifactRecord,
  AuditAction,
  AuditEntry,
  AuditFilter,
  MoveAliasRequest,
  RefusalRequest,
  DeleteVersionRequest,
  BaselineRecord,
  NewFeedback,
  FeedbackRecord,
  FeedbackFilter,
  MonitoringRecords,
} from './registry.js';
export type {
  IngestionCoordination,
  IngestionFilter,
  IngestionOutcome,
  IngestionRecord,
  IngestionStatus,
  KbLease,
  KbLeaseAttempt,
  KbLeaseHolder,
  NewIngestionRequest,
} from './ingestion-coordination.js';
export { credentialFreeSource } from './credential-free-source.js';
export { createSqliteRegistry, type SqliteRegistryOptions } from './sqlite-registry.js';
export { createPostgresRegistry, type PostgresRegistryOptions } from './postgres-registry.js';
export { createRegistry } from './create-registry.js';
export { rollbackTarget } from './rollback-target.js';
