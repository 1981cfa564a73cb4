import { RagshipError } from '@ragship/core';

/**
 * Why a local Chroma server could not be started.
 *
 * - `CHROMA_SERVER_PORT_IN_USE`: the requested port is already taken (checked before spawning,
 *   or reported by Chroma itself when another process won the port in the meantime).
 * - `CHROMA_SERVER_START_FAILED`: the process could not be spawned, or exited before it answered.
 * - `CHROMA_SERVER_START_TIMEOUT`: the process ran but never answered its heartbeat in time.
 */
export type ChromaServerErrorCode =
  'CHROMA_SERVER_PORT_IN_USE' | 'CHROMA_SERVER_START_FAILED' | 'CHROMA_SERVER_START_TIMEOUT';

/** Details a {@link ChromaServerError} carries beside its message. */
export interface ChromaServerErrorDetails {
  /** The port the server was asked to (or chose to) listen on, when known. */
  readonly port?: number;
  /** The last lines the server wrote to stdout and stderr, oldest first, without colours. */
  readonly logTail?: readonly string[];
  /** The failure underneath, e.g. the spawn error or the bind error. */
  readonly cause?: unknown;
}

/**
 * A local Chroma server could not be started. The message says what happened and ends with the
 * last lines of the server's log, which usually name the real reason.
 */
export class ChromaServerError extends RagshipError {
  override readonly name = 'ChromaServerError';
  /** Stable machine-readable reason; see {@link ChromaServerErrorCode}. */
  declare readonly code: ChromaServerErrorCode;
  /** The port involved, when known. */
  readonly port: number | undefined;
  /** The last lines of the server's log, oldest first (empty when it printed nothing). */
  readonly logTail: readonly string[];

  constructor(code: ChromaServerErrorCode, message: string, details: ChromaServerErrorDetails = {}) {
    const logTail = details.logTail ?? [];
    const printedLines = logTail.filter((line) => line.trim() !== '');
    const fullMessage =
      printedLines.length > 0
        ? `${message}\nLast lines of the Chroma server log:\n${printedLines.join('\n')}`
        : message;
    super(code, fullMessage, details.cause === undefined ? undefined : { cause: details.cause });
    this.port = details.port;
    this.logTail = logTail;
  }
}
