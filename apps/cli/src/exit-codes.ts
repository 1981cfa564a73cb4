import { ConfigError, InvalidInputError, NotImplementedError, RagshipError } from '@ragship/core';

/** The CLI's exit codes (ARCHITECTURE.md). */
export const ExitCode = { ok: 0, failure: 1, usage: 2, gateRefused: 3 } as const;

/** Usage errors exit 2; everything else that fails exits 1. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof InvalidInputError || error instanceof NotImplementedError || error instanceof ConfigError) {
    return ExitCode.usage;
  }
  if (error instanceof RagshipError && error.code === 'GATE_REFUSED') return ExitCode.gateRefused;
  return ExitCode.failure;
}
