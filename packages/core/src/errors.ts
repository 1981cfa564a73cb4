/**
 * The one base error of ragship. Every error a user can see carries a stable `code`
 * (SCREAMING_SNAKE_CASE) and, when it wraps another failure, that failure as `cause`.
 */
export class RagshipError extends Error {
  override readonly name: string = 'RagshipError';
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
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

/** A named thing (kb, version, environment, provider) does not exist. `available` lists what does. */
export class NotFoundError extends RagshipError {
  override readonly name = 'NotFoundError';
  constructor(
    readonly kind: 'kb' | 'version' | 'environment' | 'provider' | 'alias',
    readonly what: string,
    message: string,
    readonly available: readonly string[] = [],
  ) {
    super(`${kind.toUpperCase()}_NOT_FOUND`, message);
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
    super(
      'NOTHING_PROMOTED',
      kb === null
        ? `Nothing is promoted to environment "${environment}" yet. Run: ragship promote <kb>@<version> --to ${environment}`
        : `No version of kb "${kb}" is promoted to environment "${environment}". Run: ragship promote ${kb}@<version> --to ${environment}`,
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

/** A command exists in the contract but is not built yet. */
export class NotImplementedError extends RagshipError {
  override readonly name = 'NotImplementedError';
  constructor(what: string) {
    super('NOT_IMPLEMENTED', `${what} is not built yet.`);
  }
}

/** The message of any thrown value, for logs; never includes a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
