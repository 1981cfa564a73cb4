import cliProgress from 'cli-progress';
import type { PromotionProgress } from '@ragship/promotion';

/**
 * Shows a promotion's progress on stderr. On a terminal: the stage, and a bar over each segment
 * being copied or verified and over the baseline's queries. Off a terminal: one line per stage
 * and one every few seconds while copying or measuring, unless `--json`, where stderr stays
 * quiet but for errors.
 */
export function createPromotionReporter(options: { json: boolean }): {
  report: (progress: PromotionProgress) => void;
  stop: () => void;
} {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  let barKey = '';
  let lastLine = 0;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
    barKey = '';
  };

  return {
    report(progress) {
      if (progress.stage !== 'copy' && progress.stage !== 'verify' && progress.stage !== 'baseline') {
        stopBar();
        if (!options.json || tty) process.stderr.write(`${progress.stage}…\n`);
        return;
      }
      const [what, unit] =
        progress.stage === 'baseline' ? ['baseline', 'queries'] : [`${progress.stage} ${progress.segment}`, 'chunks'];
      const key = what;
      if (tty) {
        if (barKey !== key) {
          stopBar();
          bar = new cliProgress.SingleBar(
            { stream: process.stderr, format: `${what} [{bar}] {value}/{total} ${unit}` },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.total, 0);
          barKey = key;
        }
        bar?.update(progress.done);
        return;
      }
      if (options.json) return;
      const now = performance.now();
      if (barKey === key && now - lastLine < 2000 && progress.done < progress.total) return;
      barKey = key;
      lastLine = now;
      process.stderr.write(`${what}: ${progress.done}/${progress.total} ${unit}\n`);
    },
    stop: stopBar,
  };
}
