import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import {
  ConflictError,
  InvalidInputError,
  KbRequiredError,
  ModelUnavailableError,
  NotFoundError,
  NothingPromotedError,
  NotImplementedError,
  RagshipError,
  StoreUnavailableError,
} from '@ragship/core';

/** The contract's error body: `{"error":{"code","message","requestId"}}`. */
export interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

/** Sends an error in the contract's shape. */
export function errorBody(code: string, message: string, requestId: string): ErrorBody {
  return { error: { code, message, requestId } };
}

/** Errors body-parser raises carry an HTTP status and a type. */
interface HttpParserError {
  status: number;
  type: string;
}

function isParserError(error: unknown): error is HttpParserError {
  return typeof error === 'object' && error !== null && 'status' in error && 'type' in error;
}

/** Maps a thrown value to a status and a message that is safe to show a client. */
export function toHttpError(error: unknown): { status: number; code: string; message: string } {
  if (isParserError(error)) {
    if (error.type === 'entity.too.large')
      return { status: 413, code: 'BODY_TOO_LARGE', message: 'The request body is too large.' };
    if (error.type === 'entity.parse.failed')
      return { status: 400, code: 'INVALID_JSON', message: 'The request body is not valid JSON.' };
    // express.json's verify hook (the UTF-8 check) fails as entity.verify.failed.
    if (error.type === 'entity.verify.failed')
      return { status: 400, code: 'INVALID_ENCODING', message: 'The request body is not valid UTF-8.' };
    if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') {
      return { status: 415, code: 'UNSUPPORTED_ENCODING', message: 'The request body encoding is not supported.' };
    }
    if (error.status >= 400 && error.status < 500)
      return { status: error.status, code: 'BAD_REQUEST', message: 'The request is malformed.' };
  }
  if (error instanceof InvalidInputError || error instanceof KbRequiredError) {
    return { status: 400, code: error.code, message: error.message };
  }
  if (error instanceof NotFoundError) {
    const status = error.kind === 'kb' ? 404 : error.kind === 'provider' ? 500 : 404;
    return { status, code: error.code, message: error.message };
  }
  if (error instanceof NothingPromotedError || error instanceof StoreUnavailableError) {
    return { status: 503, code: error.code, message: error.message };
  }
  if (error instanceof ModelUnavailableError) {
    return { status: error.timedOut ? 504 : 503, code: error.code, message: error.message };
  }
  if (error instanceof ConflictError) return { status: 409, code: error.code, message: error.message };
  if (error instanceof NotImplementedError) return { status: 501, code: error.code, message: error.message };
  if (error instanceof RagshipError) return { status: 500, code: error.code, message: 'Internal error.' };
  return { status: 500, code: 'INTERNAL', message: 'Internal error.' };
}

/** The one Express error middleware: contract-shaped JSON, never a stack trace. */
export function createErrorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { status, code, message } = toHttpError(error);
    const requestId = String(response.locals.requestId ?? '');
    if (status >= 500) logger.error({ err: error, requestId, code }, 'request failed');
    else logger.info({ requestId, code, status }, 'request refused');
    response.status(status).json(errorBody(code, message, requestId));
  };
}

/** 404 in the contract's shape for any route that does not exist. */
export const notFoundHandler: RequestHandler = (request, response) => {
  response
    .status(404)
    .json(
      errorBody(
        'ROUTE_NOT_FOUND',
        `No route ${request.method} ${request.path}.`,
        String(response.locals.requestId ?? ''),
      ),
    );
};
