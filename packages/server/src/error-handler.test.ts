import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ConflictError,
  InvalidInputError,
  KbRequiredError,
  ModelUnavailableError,
  NotFoundError,
  NothingPromotedError,
  RagshipError,
  StoreUnavailableError,
} from '@ragship/core';
import { toHttpError } from './error-handler.js';

describe('toHttpError', () => {
  it.each([
    [new InvalidInputError('k must be 1–50'), 400, 'INVALID_INPUT'],
    [new KbRequiredError(['a', 'b'], 'dev'), 400, 'KB_REQUIRED'],
    [new NotFoundError('kb', 'x', 'No kb "x".'), 404, 'KB_NOT_FOUND'],
    [new NotFoundError('version', 'x@v9', 'No x@v9.'), 404, 'VERSION_NOT_FOUND'],
    [new ConflictError('moved'), 409, 'CONFLICT'],
    [new NothingPromotedError('docs', 'prod'), 503, 'NOTHING_PROMOTED'],
  ])('%o answers %i %s with its message', (error, status, code) => {
    expect(toHttpError(error)).toEqual({ status, code, message: error.message });
  });

  it.each([
    [
      new StoreUnavailableError('Chroma at http://10.0.0.5:8000 is unreachable'),
      503,
      'STORE_UNAVAILABLE',
      /backing service/,
    ],
    [
      new ModelUnavailableError('gpt failed: 401 bad key sk-1', false),
      503,
      'MODEL_UNAVAILABLE',
      /model is unavailable/,
    ],
    [
      new ModelUnavailableError('gpt at http://10.0.0.6 took 30 s', true),
      504,
      'MODEL_TIMEOUT',
      /did not answer in time/,
    ],
  ])('%o answers %i %s with a plain message, not its own', (error, status, code, message) => {
    const answer = toHttpError(error);
    expect(answer).toMatchObject({ status, code, message: expect.stringMatching(message) as string });
    expect(answer.message).not.toMatch(/10\.0\.0|sk-1/);
  });

  it.each([
    [new ConfigError('bad key at /etc/ragship.yaml'), 'INVALID_CONFIG'],
    [new NotFoundError('provider', 'acme', 'No embedder provider acme.'), 'PROVIDER_NOT_FOUND'],
    [new RagshipError('STORE_ERROR', 'Chroma at http://10.0.0.5:8000 failed'), 'STORE_ERROR'],
    [new TypeError('x is undefined'), 'INTERNAL'],
  ])('%o answers 500 %s without its message, which may name hosts and files', (error, code) => {
    expect(toHttpError(error)).toEqual({ status: 500, code, message: 'Internal error.' });
  });

  it.each([
    ['entity.too.large', 413, 413, 'BODY_TOO_LARGE'],
    ['entity.parse.failed', 400, 400, 'INVALID_JSON'],
    ['entity.verify.failed', 403, 400, 'INVALID_ENCODING'],
    ['charset.unsupported', 415, 415, 'UNSUPPORTED_ENCODING'],
    ['request.aborted', 400, 400, 'BAD_REQUEST'],
  ])("body-parser's %s (HTTP %i) answers %i %s", (type, parserStatus, status, code) => {
    expect(toHttpError(Object.assign(new Error('parser'), { type, status: parserStatus }))).toMatchObject({
      status,
      code,
    });
  });
});
