import { RagshipError } from '@ragship/core';
import type { GateResult } from './evaluate-gates.js';

/** A quality gate refused a promotion (the CLI exits 3). `results` holds every gate, passed or not. */
export class GateRefusedError extends RagshipError {
  override readonly name = 'GateRefusedError';
  constructor(
    readonly target: string,
    readonly results: readonly GateResult[],
  ) {
    const failed = results.filter((result) => !result.passed);
    super(
      'GATE_REFUSED',
      `${target}: ${failed.length} of ${results.length} quality gate${results.length === 1 ? '' : 's'} refused: ${failed.map((result) => result.message).join('; ')}. Nothing changed.`,
    );
  }
}
