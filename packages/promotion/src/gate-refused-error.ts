import { RagshipError, errorMessage } from '@ragship/core';
import type { GateResult } from './evaluate-gates.js';

/**
 * A quality gate refused a promotion (the CLI exits 3). `results` holds every gate, passed or not.
 * `unrecorded` is set when the refusal could not be written to the audit log.
 */
export class GateRefusedError extends RagshipError {
  override readonly name = 'GateRefusedError';
  constructor(
    readonly target: string,
    readonly results: readonly GateResult[],
    readonly unrecorded?: unknown,
  ) {
    const failed = results.filter((result) => !result.passed);
    const note =
      unrecorded === undefined ? '' : ` The refusal could not be written to the audit log: ${errorMessage(unrecorded)}`;
    super(
      'GATE_REFUSED',
      `${target}: ${failed.length} of ${results.length} quality gate${results.length === 1 ? '' : 's'} refused: ` +
        `${failed.map((result) => result.message).join('; ')}. Nothing changed.${note}`,
      unrecorded === undefined ? undefined : { cause: unrecorded },
    );
  }
}
