import cliProgress from 'cli-progress';
import type { IngestProgress } from '@ragship/ingest';

/**
 * Shows ingestion progress on a terminal: a bar per long stage (embed, write) on stderr, or
 * one line per stage when stderr is not a terminal. Silent in `--json` mode off a terminal.
 */
export function createProgressReporter(options: { json: boolean }): {
  report: (progress: IngestProgress) => void;
  stop: () => void;
} {
  const interactive = process.stderr.isTTY;
  let bar: cliProgress.SingleBar | undefined;
  let stage: IngestProgress['stage'] | undefined;
  const stopBar = () => {
    bar?.stop();
    bar = undefined;
  };
  return {
    report(progress) {
      if (progress.stage !== stage) {
        stopBar();
        stage = progress.stage;
        if (interactive && (progress.stage === 'embed' || progress.stage === 'write')) {
          bar = new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format: `${progress.stage.padEnd(6)} [{bar}] {value}/{total} chunks  {eta_formatted}`,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.total, 0);
        } else if (!options.json || interactive) {
          process.stderr.write(`${progress.stage}: ${progress.done}/${progress.total}\n`);
        }
      }
      bar?.update(progress.done);
    },
    stop: stopBar,
  };
}
