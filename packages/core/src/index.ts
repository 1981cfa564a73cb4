export { maskUrlSecrets } from './mask-url-secrets.js';
export {
  RagshipError,
  ConfigError,
  InvalidInputError,
  NotFoundError,
  ConflictError,
  StoreUnavailableError,
  ModelUnavailableError,
  NothingPromotedError,
  KbRequiredError,
  errorMessage,
  toRagshipError,
} from './errors.js';
export { API_ROLES, normaliseApiKeys, roleAllows, type ApiKey, type ApiKeyEntry, type ApiRole } from './api-keys.js';
export { ERROR_CODES, ExitCode, type ErrorCodeMeaning, type RagshipErrorCode } from './error-codes.js';
export {
  KB_NAME_PATTERN,
  ENVIRONMENT_NAME_PATTERN,
  type IndexRef,
  formatVersion,
  parseVersion,
  assertKbName,
  parseIndexRef,
  formatIndexRef,
} from './index-ref.js';
export type { Chunk, ChunkMetadata, EmbeddedChunk, MetadataValue, ScoredChunk, ScoredId } from './chunk.js';
export type {
  EvalRecord,
  FlaggedDocument,
  InputFiles,
  LexicalRef,
  LexicalSegmentRef,
  Manifest,
  IngestRunCounts,
  ManifestDocument,
  RejectedDocument,
  SegmentRef,
  VersionStatus,
} from './manifest.js';
export type { GitCommitRecord, S3ObjectRecord, SourceRecord, WebPageRecord } from './source-record.js';
export {
  configSchema,
  DEFAULT_GUARDRAILS,
  DEFAULT_RETRIEVAL,
  type RagshipConfig,
  type EnvironmentConfig,
  type VectorStoreConfig,
  type ValidationSettings,
  type IngestSettings,
  type ProviderSettings,
  type SourcesSettings,
  type GateConfig,
  type KbConfig,
  type ApiSettings,
  type TracingConfig,
  type MonitoringConfig,
  type GuardrailSettings,
  type ScreenAction,
  type TrustProxy,
  type RetrievalSettings,
} from './config-schema.js';
export {
  loadConfig,
  parseConfig,
  DEFAULT_CONFIG_FILE,
  type LoadedConfig,
  type RagshipEnvironmentVariables,
} from './load-config.js';
export { interpolateVariables, type VariableSource } from './interpolate-variables.js';
export { gatesFor, evalDatasetOf, baselineQueriesOf } from './kb-settings.js';
export { describeConfig, type ConfigDescription } from './describe-config.js';
export { resolveBuildInfo, packageVersion, type BuildInfo, type BuildInfoOptions } from './build-info.js';
export { sha256, sha256Prefix } from './hashing.js';
export { resolveProvider, type ProviderFactory } from './provider-registry.js';
export {
  FILTERABLE_FIELDS,
  filterableMetadata,
  isFilterableField,
  matchesFilter,
  type MetadataFilter,
} from './metadata-filter.js';
