export { createApp, type AppDependencies } from './app.js';
export {
  createServedIndexResolver,
  type ServedIndexResolver,
  type ServedIndexResolverOptions,
} from './served-index-resolver.js';
export { startServer, type RunningServer } from './start-server.js';
export { serveApi } from './serve-api.js';
export { requireApiKeys } from './require-api-keys.js';
export { createLogger } from './create-logger.js';
export { chatRequestSchema, retrieveRequestSchema, type ChatRequest, type RetrieveRequest } from './request-schemas.js';
export { toHttpError, type ErrorBody } from './error-handler.js';
export type {
  AdminMonitoring,
  AdminStatus,
  ApiRole,
  DocumentChanges,
  DocumentDiff,
  EnvironmentStatus,
  ErrorResponse,
  FeedbackCounts,
  FeedbackItem,
  GateResult,
  GateVerdict,
  HistoryEntry,
  KbSummary,
  PromotionProgressEvent,
  PromotionRequest,
  PromotionResponse,
  RollbackRequest,
  RollbackResponse,
  ServedEntry,
  SessionInfo,
  StatusEntry,
  VersionDetail,
  VersionDiff,
  VersionEval,
  VersionSummary,
} from './admin/admin-contract.js';
export { environmentBuilds, type EnvironmentBuild, type EnvironmentBuilds } from './admin/environment-builds.js';
export type { Caller } from './caller.js';
export type { AnswerMeta, ChatAnswer, Citation } from '@ragship/retrieval';
