import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { ERROR_CODES, toRagshipError, type RagshipErrorCode } from '@ragship/core';
import { GateRefusedError, type GateResult } from '@ragship/promotion';
import { ScreenRefusedError, type ScreenCheck } from '@ragship/retrieval';

/** The contract's error body: `{"error":{"code","message","requestId"}}`. */
export interface ErrorBody {
  error: { code: RagshipErrorCode; message: string; requestId: string; details?: ErrorDetails };
}

/** What some errors tell beyond their message: a refused promotion, every gate with its margin. */
export interface ErrorDetails {
  gates?: readonly GateResult[];
  /** A refused question or answer (422 `QUESTION_REFUSED`, `ANSWER_REFUSED`): the guardrail check that refused it. */
  check?: ScreenCheck;
}

/** Sends an error in the contract's shape. */
export function errorBody(
  code: RagshipErrorCode,
  message: string,
  requestId: string,
  details?: ErrorDetails,
): ErrorBody {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

/** Errors body-parser raises carry an HTTP status and a type. */
interface HttpParserError {
  status: number;
  type: string;
}

function isParserError(error: unknown): error is HttpParserError {
  return typeof error === 'object' && error !== null && 'status' in error && 'type' in error;
}

/** What the API answers for a thrown value: a status, a code and a message safe to show a client. */
export interface HttpError {
  status: number;
  code: RagshipErrorCode;
  message: string;
  details?: ErrorDetails;
}

/** The error body-parser raised, as the ragship code that describes it. */
function parserError(error: HttpParserError): HttpError {
  const as = (code: RagshipErrorCode, message: string): HttpError => ({
    status: ERROR_CODES[code].httpStatus,
    code,
    message,
  });
  switch (error.type) {
    case 'entity.too.large':
      return as('BODY_TOO_LARGE', 'The request body is too large.');
    case 'entity.parse.failed':
      return as('INVALID_JSON', 'The request body is not valid JSON.');
    // express.json's verify hook (the UTF-8 check) fails as entity.verify.failed.
    case 'entity.verify.failed':
      return as('INVALID_ENCODING', 'The request body is not valid UTF-8.');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return as('UNSUPPORTED_ENCODING', 'The request body encoding is not supported.');
    default:
      return { status: error.status, code: 'BAD_REQUEST', message: 'The request is malformed.' };
  }
}

/**
 * What a client is told when a backing service fails: a plain message per code, never the
 * failure's own, which names hosts, files, connection strings or an upstream model's error body.
 * Those go to the log under the request id (see {@link reportError}).
 */
const CLIENT_MESSAGES: Partial<Record<RagshipErrorCode, string>> = {
  STORE_UNAVAILABLE: 'A backing service (the vector store or the registry) cannot be reached. Retry later.',
  MODEL_UNAVAILABLE: 'The answer model is unavailable. Retry later.',
  MODEL_TIMEOUT: 'The answer model did not answer in time. Retry later.',
  PHOENIX_REFUSED: 'The trace store did not accept the feedback. Retry later.',
};

/** Server-side failures whose own message is safe to show: it names only what the request asked for. */
const SAFE_SERVER_MESSAGES = new Set<RagshipErrorCode>(['NOTHING_PROMOTED']);

/** The message a client gets for a failure of `status` and `code` whose own message is `message`. */
function clientMessage(status: number, code: RagshipErrorCode, message: string): string {
  if (status < 500 || SAFE_SERVER_MESSAGES.has(code)) return message;
  return CLIENT_MESSAGES[code] ?? 'Internal error.';
}

/**
 * Maps a thrown value to what the API answers. The status is the error code's (`ERROR_CODES`);
 * a 5xx shows the code and a plain message ({@link CLIENT_MESSAGES}), not the failure's own.
 */
export function toHttpError(error: unknown): HttpError {
  if (isParserError(error) && error.status >= 400 && error.status < 500) return parserError(error);
  const failure = toRagshipError(error);
  const status = failure.meaning.httpStatus;
  const message = clientMessage(status, failure.code, failure.message);
  if (failure instanceof GateRefusedError)
    return { status, code: failure.code, message, details: { gates: failure.results } };
  if (failure instanceof ScreenRefusedError)
    return { status, code: failure.code, message, details: { check: failure.check } };
  return { status, code: failure.code, message };
}

/**
 * {@link toHttpError}, after logging `error` under `requestId`: a server-side failure at error
 * with its cause (what the client is not told), a refusal at info with its code.
 */
export function reportError(logger: Logger, error: unknown, requestId: string): HttpError {
  const answer = toHttpError(error);
  if (answer.status >= 500) logger.error({ err: error, requestId, code: answer.code }, 'request failed');
  else logger.info({ requestId, code: answer.code, status: answer.status }, 'request refused');
  return answer;
}

/** The request id of the request `response` answers. */
export function requestIdOf(response: Response): string {
  return String(response.locals.requestId ?? '');
}

/** Answers `code`'s status (`ERROR_CODES`) with the contract's error body. */
export function sendError(response: Response, code: RagshipErrorCode, message: string): void {
  response.status(ERROR_CODES[code].httpStatus).json(errorBody(code, message, requestIdOf(response)));
}

/** The one Express error middleware: contract-shaped JSON, never a stack trace. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, _request, response, next) => {
    const requestId = requestIdOf(response);
    if (response.headersSent) {
      // Too late for an error body: log it, and let Express close the connection.
      reportError(logger, error, requestId);
      next(error);
      return;
    }
    const { status, code, message, details } = reportError(logger, error, requestId);
    response.status(status).json(errorBody(code, message, requestId, details));
  };
}

/** 404 in the contract's shape for any route that does not exist. */
export const notFoundHandler: RequestHandler = (request, response) => {
  sendError(response, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.path}.`);
};
