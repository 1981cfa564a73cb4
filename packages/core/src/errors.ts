import { ERROR_CODES, type ErrorCodeMeaning, type RagshipErrorCode } from './error-codes.js';

const RAGSHIP_ERROR = Symbol.for('ragship.error');

/**
 * The one base error of ragship. Every error a user can see carries a stable `code` from
 * {@link RagshipErrorCode} and, when it wraps another failure, that failure as `cause`. The CLI's
 * exit code and the API's status come from the code (`meaning`), never from the class or message.
 */
export class RagshipError extends Error {
  override readonly name: string = 'RagshipError';
  readonly code: RagshipErrorCode;
  private readonly [RAGSHIP_ERROR] = true;

  constructor(code: RagshipErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /**
   * Whether `error` is a ragship error, also when it was built by another copy of this package
   * (a marker symbol, as vercel/ai's errors do, rather than `instanceof`).
   */
  static isInstance(error: unknown): error is RagshipError {
    return typeof error === 'object' && error !== null && RAGSHIP_ERROR in error;
  }

  /** Whether `error` is a ragship error with the given code. */
  static hasCode<C extends RagshipErrorCode>(error: unknown, code: C): error is RagshipError & { code: C } {
    return RagshipError.isInstance(error) && error.code === code;
  }

  /** What this error means at the edges: the CLI's exit code and the API's HTTP status. */
  get meaning(): ErrorCodeMeaning {
    return ERROR_CODES[this.code];
  }
}

/**
 * Any thrown value as a ragship error: itself when it is one, else an `INTERNAL` error carrying
 * the value's message and the value as `cause`. What the CLI and the API report goes through here.
 */
export function toRagshipError(error: unknown): RagshipError {
  if (RagshipError.isInstance(error)) return error;
  return new RagshipError('INTERNAL', errorMessage(error), { cause: error });
}

/** The configuration file or environment is invalid. `field` is the dotted path of the bad key. */
export class ConfigError extends RagshipError {
  override readonly name = 'ConfigError';
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super('INVALID_CONFIG', message, options);
  }
}

/** The caller's input (a request body, a CLI argument) is invalid. */
export class InvalidInputError extends RagshipError {
  override readonly name = 'InvalidInputError';
  constructor(
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super('INVALID_INPUT', message, options);
  }
}

const NOT_FOUND_CODES = {
  kb: 'KB_NOT_FOUND',
  version: 'VERSION_NOT_FOUND',
  environment: 'ENVIRONMENT_NOT_FOUND',
  provider: 'PROVIDER_NOT_FOUND',
  alias: 'ALIAS_NOT_FOUND',
} as const satisfies Record<string, RagshipErrorCode>;

/** A named thing (kb, version, environment, provider) does not exist. `available` lists what does. */
export class NotFoundError extends RagshipError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly kind: keyof typeof NOT_FOUND_CODES,
    readonly what: string,
    message: string,
    readonly available: readonly string[] = [],
  ) {
    super(NOT_FOUND_CODES[kind], message);
  }
}

/** A compare-and-swap lost a race: somebody else changed the thing first. */
export class ConflictError extends RagshipError {
  override readonly name = 'ConflictError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('CONFLICT', message, options);
  }
}

/** The vector store (or another backing service) cannot be reached. Retrying later may work. */
export class StoreUnavailableError extends RagshipError {
  override readonly name = 'StoreUnavailableError';
  readonly retryable = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** A model (an LLM answerer) failed or did not answer in time. Retrying later may work. */
export class ModelUnavailableError extends RagshipError {
  override readonly name = 'ModelUnavailableError';
  readonly retryable = true;
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(timedOut ? 'MODEL_TIMEOUT' : 'MODEL_UNAVAILABLE', message, options);
  }
}

/** Nothing is promoted to the environment a request asked for: of kb `kb`, or of any kb when `kb` is null. */
export class NothingPromotedError extends RagshipError {
  override readonly name = 'NothingPromotedError';
  constructor(
    readonly kb: string | null,
    readonly environment: string,
  ) {
    const what = kb === null ? 'Nothing is' : `No version of kb "${kb}" is`;
    const run = `ragship promote ${kb ?? '<kb>'}@<version> --to ${environment}`;
    super(
      'NOTHING_PROMOTED',
      `${what} promoted to environment "${environment}"${kb === null ? ' yet' : ''}. Run: ${run}`,
    );
  }
}

/** A request named no kb, no default kb is configured, and the environment serves several: `served` lists them. */
export class KbRequiredError extends RagshipError {
  override readonly name = 'KbRequiredError';
  constructor(
    readonly served: readonly string[],
    readonly environment: string,
  ) {
    super(
      'KB_REQUIRED',
      `Name the kb: environment "${environment}" serves ${served.join(', ')} and no defaultKb is configured.`,
    );
  }
}

/** The message of any thrown value, for logs; never includes a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
