export type { Registry, VersionRecord, AliasRecord, AuditEntry, MoveAliasRequest } from './registry.js';
export { createSqliteRegistry, type SqliteRegistryOptions } from './sqlite-registry.js';
export { createRegistry } from './create-registry.js';
export { rollbackTarget } from './rollback-target.js';
