import cliProgress from 'cli-progress';
import type { IngestProgress, SourceProgress } from '@ragship/ingest';

/**
 * Shows ingestion progress. On a terminal: one bar over documents (when the total is known)
 * with chunks, embeddings per second and ETA, on stderr. Off a terminal: a line every few
 * seconds, unless `--json`, where stderr stays quiet but for errors.
 */
export function createProgressReporter(options: { json: boolean }): {
  report: (progress: IngestProgress) => void;
  /** Fetching a remote source (crawling, fetching, listing), before documents load. */
  source: (progress: SourceProgress) => void;
  stop: () => void;
} {
  const started = performance.now();
  let lastLine = 0;
  let bar: cliProgress.SingleBar | undefined;
  const rate = (progress: IngestProgress) => {
    const seconds = (performance.now() - started) / 1000;
    return seconds > 0 ? Math.round(progress.embedded / seconds) : 0;
  };

  let sourceLine = '';
  return {
    source(progress) {
      const count =
        progress.done === undefined
          ? ''
          : ` ${progress.done}${progress.total === undefined ? '' : `/${progress.total}`}`;
      const line = `${progress.phase}${count}`;
      if (line === sourceLine || options.json) return;
      sourceLine = line;
      if (process.stderr.isTTY) {
        process.stderr.write(`\r\x1b[K${line}`);
        return;
      }
      const now = performance.now();
      if (now - lastLine < 2000) return;
      lastLine = now;
      process.stderr.write(`${line}\n`);
    },
    report(progress) {
      if (sourceLine && process.stderr.isTTY && !options.json) process.stderr.write('\r\x1b[K');
      sourceLine = '';
      if (process.stderr.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream: process.stderr,
              format:
                '{stage} [{bar}] {value}/{total} docs | {chunks} chunks | {written} written | ' +
                '{rate} emb/s | ETA {eta_formatted}',
              etaBuffer: 50,
              hideCursor: true,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(progress.totalDocuments ?? 0, 0, {});
        }
        if (progress.totalDocuments !== undefined) bar.setTotal(Math.max(progress.totalDocuments, progress.documents));
        bar.update(progress.documents, {
          stage: progress.stage.padEnd(7),
          chunks: progress.chunks,
          written: progress.written,
          rate: rate(progress),
        });
        return;
      }
      if (options.json) return;
      const now = performance.now();
      if (now - lastLine < 2000 && progress.stage === 'write') return;
      lastLine = now;
      const documents = `${progress.documents}${progress.totalDocuments ? `/${progress.totalDocuments}` : ''}`;
      process.stderr.write(
        `${progress.stage}: ${documents} documents, ${progress.chunks} chunks, ${progress.written} written, ` +
          `${rate(progress)} embeddings/s\n`,
      );
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
