import { ScreenRefusedError, type ScreenCheck, type ScreenFinding, type ScreenTarget } from './screen-refusal.js';

/** Where a screen's findings go: the span it is traced in, and a hook (metrics). */
export interface ScreenRecorder {
  /** The span the screen runs in (a `chat` or `retrieve` span). */
  span?: { setAttribute(key: string, value: string[]): unknown } | undefined;
  onFinding?: ((finding: ScreenFinding) => void) | undefined;
}

/** The findings of one screen so far, recorded once per check. */
export interface ScreenLog {
  /**
   * Records the findings not recorded yet (each to the hook, all so far on the span as
   * `check:action` under `ragship.guardrail.<target>`), then throws a {@link ScreenRefusedError}
   * for the first that refuses. Flagged findings pass: the question or answer goes on, counted.
   */
  record(findings: readonly ScreenFinding[]): void;
}

/** A log for the screen of one question or one answer. */
export function createScreenLog(target: ScreenTarget, recorder: ScreenRecorder): ScreenLog {
  const recorded = new Map<ScreenCheck, ScreenFinding>();
  return {
    record(findings) {
      const fresh = findings.filter((finding) => !recorded.has(finding.check));
      if (fresh.length === 0) return;
      for (const finding of fresh) {
        recorded.set(finding.check, finding);
        recorder.onFinding?.(finding);
      }
      recorder.span?.setAttribute(
        `ragship.guardrail.${target}`,
        [...recorded.values()].map((finding) => `${finding.check}:${finding.action}`),
      );
      const refused = fresh.find((finding) => finding.action === 'refuse');
      if (refused) throw new ScreenRefusedError(refused);
    },
  };
}
