import { describe, expect, it } from 'vitest';
import { ERROR_CODES, ExitCode, type RagshipErrorCode } from './error-codes.js';
import { ConfigError, NotFoundError, RagshipError, toRagshipError } from './errors.js';

const { ok, failure, usage, gateRefused } = ExitCode;

/**
 * Every code's exit code and HTTP status, written out: the type makes this list complete, so a
 * new code cannot land without someone choosing (and a reviewer seeing) what it means.
 */
const EXPECTED: Record<RagshipErrorCode, readonly [exitCode: number, httpStatus: number]> = {
  INVALID_INPUT: [usage, 400],
  INVALID_CONFIG: [usage, 500],
  KB_REQUIRED: [failure, 400],
  KB_NOT_FOUND: [failure, 404],
  VERSION_NOT_FOUND: [failure, 404],
  ENVIRONMENT_NOT_FOUND: [failure, 404],
  ALIAS_NOT_FOUND: [failure, 404],
  PROVIDER_NOT_FOUND: [failure, 500],
  ANSWER_NOT_FOUND: [failure, 404],
  NOTHING_PROMOTED: [failure, 503],
  QUESTION_REFUSED: [usage, 422],
  ANSWER_REFUSED: [failure, 422],
  STORE_UNAVAILABLE: [failure, 503],
  MODEL_UNAVAILABLE: [failure, 503],
  MODEL_TIMEOUT: [failure, 504],
  ALIAS_BROKEN: [failure, 500],
  CONFLICT: [failure, 409],
  REGISTRY_CLOSED: [failure, 500],
  REGISTRY_MIGRATION_FAILED: [failure, 500],
  STORE_ERROR: [failure, 500],
  SEGMENT_MISSING: [failure, 500],
  ARTIFACT_MISSING: [failure, 500],
  LEXICAL_INDEX_INCOMPATIBLE: [failure, 500],
  VERIFY_FAILED: [failure, 500],
  EMBEDDING_FAILED: [failure, 500],
  EMBEDDING_RATE_LIMITED: [failure, 500],
  EMBEDDING_UNREACHABLE: [failure, 500],
  EMBEDDING_TIMEOUT: [failure, 500],
  EMBEDDING_INVALID_RESPONSE: [failure, 500],
  ZERO_VECTOR: [failure, 500],
  NOTHING_TO_INGEST: [failure, 500],
  CHUNK_TOO_LARGE: [failure, 500],
  REJECTION_BUDGET_EXCEEDED: [failure, 500],
  KB_BUSY: [failure, 409],
  KB_LEASE_LOST: [failure, 500],
  SOURCE_UNAVAILABLE: [failure, 502],
  NO_SOURCE: [usage, 400],
  INGESTION_NOT_FOUND: [failure, 404],
  GATE_REFUSED: [gateRefused, 422],
  VERSION_NOT_READY: [failure, 409],
  NO_READY_VERSION: [failure, 404],
  NO_PREVIOUS_VERSION: [failure, 409],
  EMBEDDER_MISMATCH: [failure, 409],
  BASELINE_INVALID: [failure, 500],
  VERSION_CHANGED: [failure, 409],
  VERSION_MISMATCH: [failure, 409],
  NO_ANSWERER: [failure, 500],
  API_UNREACHABLE: [failure, 502],
  API_ERROR: [failure, 502],
  NOT_READY: [failure, 503],
  WRONG_BUILD: [failure, 409],
  WRONG_VERSION: [failure, 409],
  NO_CITATIONS: [failure, 500],
  CHROMA_SERVER_PORT_IN_USE: [failure, 500],
  CHROMA_SERVER_START_FAILED: [failure, 500],
  CHROMA_SERVER_START_TIMEOUT: [failure, 500],
  PHOENIX_REFUSED: [failure, 502],
  BAD_REQUEST: [usage, 400],
  INVALID_JSON: [usage, 400],
  INVALID_ENCODING: [usage, 400],
  UNSUPPORTED_ENCODING: [usage, 415],
  BODY_TOO_LARGE: [usage, 413],
  HEADERS_TOO_LARGE: [usage, 431],
  REQUEST_TIMEOUT: [failure, 408],
  UNAUTHORIZED: [usage, 401],
  FORBIDDEN: [usage, 403],
  PROMOTION_DISABLED: [usage, 403],
  RATE_LIMITED: [failure, 429],
  ROUTE_NOT_FOUND: [usage, 404],
  INTERNAL: [failure, 500],
};

describe('ERROR_CODES', () => {
  it.each(Object.entries(EXPECTED))('%s exits %i and answers HTTP %i', (code, [exitCode, httpStatus]) => {
    expect(ERROR_CODES[code as RagshipErrorCode]).toEqual({ exitCode, httpStatus });
    expect(new RagshipError(code as RagshipErrorCode, 'm').meaning).toEqual({ exitCode, httpStatus });
  });

  it('lists no code the expectations above do not', () => {
    expect(Object.keys(ERROR_CODES).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('never exits 0 for an error', () => {
    expect(Object.values(ERROR_CODES).filter((meaning) => meaning.exitCode === ok)).toEqual([]);
  });
});

describe('RagshipError.isInstance', () => {
  it('recognises subclasses and errors of another copy of the package by their marker', () => {
    expect(RagshipError.isInstance(new ConfigError('bad'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { [Symbol.for('ragship.error')]: true, code: 'CONFLICT' });
    expect(RagshipError.isInstance(foreign)).toBe(true);
    expect(RagshipError.isInstance(new Error('plain'))).toBe(false);
    expect(RagshipError.isInstance({ code: 'CONFLICT' })).toBe(false);
    expect(RagshipError.isInstance(null)).toBe(false);
  });

  it('hasCode checks the code too', () => {
    const error = new NotFoundError('kb', 'docs', 'no kb docs');
    expect(RagshipError.hasCode(error, 'KB_NOT_FOUND')).toBe(true);
    expect(RagshipError.hasCode(error, 'VERSION_NOT_FOUND')).toBe(false);
  });
});

describe('toRagshipError', () => {
  it('keeps a ragship error and turns anything else into INTERNAL with it as the cause', () => {
    const typed = new ConfigError('bad');
    expect(toRagshipError(typed)).toBe(typed);
    const plain = new TypeError('x is undefined');
    const wrapped = toRagshipError(plain);
    expect(wrapped).toMatchObject({ code: 'INTERNAL', message: 'x is undefined', cause: plain });
    expect(toRagshipError('a string')).toMatchObject({ code: 'INTERNAL', message: 'a string' });
  });
});
