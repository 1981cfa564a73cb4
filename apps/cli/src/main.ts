import { Command, InvalidArgumentError, Option } from 'commander';
import { ExitCode, RagshipError } from '@ragship/core';
import { CliContext, debugRequested, type GlobalOptions } from './cli-context.js';
import { runConfig } from './commands/config-command.js';
import type * as SmokeCommand from './commands/smoke-command.js';
import type { SmokeFlags } from './commands/smoke-command.js';
import { runDiff } from './commands/diff-command.js';
import { runIngest, type IngestFlags } from './commands/ingest-command.js';
import { runWatch, type WatchFlags } from './commands/watch-command.js';
import { runHistory } from './commands/history-command.js';
import type { PromoteFlags } from './commands/promote-command.js';
import type * as PromoteCommand from './commands/promote-command.js';
import type * as RollbackCommand from './commands/rollback-command.js';
import type * as EvalCommand from './commands/eval-command.js';
import type { EvalFlags } from './commands/eval-command.js';
import type * as GcCommand from './commands/gc-command.js';
import type * as ServeCommand from './commands/serve-command.js';
import type * as QuickstartCommand from './commands/quickstart-command.js';
import { runShow, runStatus, runVersions } from './commands/registry-commands.js';
import { createOutput } from './output.js';
import { reportFailure } from './report-failure.js';

const program = new Command('ragship')
  .description('Versioned, promotable, traced retrieval-augmented chat.')
  .addOption(new Option('--json', 'machine-readable result on stdout, logs on stderr'))
  .addOption(new Option('--config <file>', 'config file (default: ragship.config.yaml if present)'))
  .addOption(new Option('--env <env>', 'environment (default: $RAGSHIP_ENV, else dev)'))
  .showHelpAfterError()
  .exitOverride();

// Commands that pull in the API (Express, LLM clients) or the promotion machinery load it on
// use, so `ragship ingest` and the other light commands keep a small heap (tests/ingest-memory).
const runPromote = async (...args: Parameters<typeof PromoteCommand.runPromote>) =>
  (await import('./commands/promote-command.js')).runPromote(...args);
const runEvalCommand = async (...args: Parameters<typeof EvalCommand.runEvalCommand>) =>
  (await import('./commands/eval-command.js')).runEvalCommand(...args);
const runRollback = async (...args: Parameters<typeof RollbackCommand.runRollback>) =>
  (await import('./commands/rollback-command.js')).runRollback(...args);
const runGc = async (...args: Parameters<typeof GcCommand.runGc>) =>
  (await import('./commands/gc-command.js')).runGc(...args);
const runServe = async (...args: Parameters<typeof ServeCommand.runServe>) =>
  (await import('./commands/serve-command.js')).runServe(...args);
const runSmoke = async (...args: Parameters<typeof SmokeCommand.runSmoke>) =>
  (await import('./commands/smoke-command.js')).runSmoke(...args);
const runQuickstart = async (...args: Parameters<typeof QuickstartCommand.runQuickstart>) =>
  (await import('./commands/quickstart-command.js')).runQuickstart(...args);

/** The exit code a command asked for when it finished without throwing (e.g. gc with a store error). */
let commandExitCode: number = ExitCode.ok;

/** Runs a command body with a context; closes it whatever happens. A numeric result is the exit code. */
function action<Args extends unknown[]>(body: (context: CliContext, ...args: Args) => Promise<unknown>) {
  return async (...args: Args) => {
    const options = program.opts<GlobalOptions>();
    const context = new CliContext(options, createOutput(Boolean(options.json)));
    try {
      const result = await body(context, ...args);
      if (typeof result === 'number') commandExitCode = result;
    } finally {
      await context.close();
    }
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('a whole number, 1 or more');
  return parsed;
}

function positiveNumber(value: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) throw new InvalidArgumentError('a number above 0');
  return parsed;
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError('a port number, 0–65535');
  return parsed;
}

program
  .command('ingest <source>')
  .description(
    'build a new version from <source>: a directory, an http(s):// site or sitemap.xml, a git+https://, ' +
      'git+ssh:// or git+file:// repository (#<ref>:<sub-path>), or s3://bucket/prefix',
  )
  .requiredOption('--kb <kb>', 'knowledge base name')
  .option('--no-wait', 'exit at once (code 1, KB_BUSY) when another run is ingesting the kb, instead of waiting')
  .option('--max-rejected <n|%>', 'fail (exit 1) when more documents than this are rejected, e.g. 10 or 5%')
  .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect, [])
  .action(action((context, path: string, options: IngestFlags) => runIngest(context, path, options)));
program
  .command('versions <kb>')
  .description('list versions (newest first)')
  .action(action((context, kb: string) => runVersions(context, kb)));
program
  .command('show <ref>')
  .description('manifest of one version (<kb>@<version>)')
  .action(action((context, ref: string) => runShow(context, ref)));
program
  .command('diff <a> <b>')
  .description('documents added / changed / removed between <kb>@<a> and <kb>@<b>')
  .action(action((context, from: string, to: string) => runDiff(context, from, to)));
program
  .command('eval <ref>')
  .description(
    'retrieval (and answer) metrics of <kb>[@<version>|@<env>] on a BEIR or QA dataset, kept in the manifest',
  )
  .option(
    '--dataset <dir>',
    "BEIR (queries.jsonl, qrels/) or QA (questions.jsonl) dataset directory (default: the kb's kbs.<kb>.eval)",
  )
  .option('--api <url>', 'measure a running API over HTTP instead (nothing recorded; <kb>@<env> applies its gates)')
  .option('--split <name>', 'BEIR qrels split (default: test, else dev, else train)')
  .option('--per-query', "include every query's metrics in the result")
  .option('--no-record', 'measure only; do not store the result in the manifest')
  .option('--judge', 'QA only: the configured LLM answerer also grades each answer (advisory judge.* metrics)')
  .action(action((context, ref: string, options: EvalFlags) => runEvalCommand(context, ref, options)));
program
  .command('promote <ref>')
  .description('gates, copy if needed, flip alias: <kb>@<version> --to <env>, or <kb> --from <env> --to <env>')
  .requiredOption('--to <env>', 'target environment')
  .option('--from <env>', 'promote what this environment serves')
  .option('--dry-run', 'check readiness, embedder and gates and show the copy plan; change nothing')
  .option('--verify', 'also re-verify segments the target store already holds (reads them all)')
  .option('--allow-embedder-change', 'promote a version embedded differently from what the target serves (audited)')
  .option(
    '--baseline <file>',
    'queries (JSON Lines or text) to record the drift baseline on ' +
      "(default: monitoring.drift.baselineQueries.<kb>, else the kb's golden set)",
  )
  .option('--no-baseline', 'record no drift baseline; the first traffic becomes it')
  .option('--force', 'promote even if gates refuse (needs --reason; audited with the actor)')
  .option('--reason <text>', 'why --force is used, for the audit log')
  .action(
    action((context, ref: string, options: PromoteFlags) => runPromote(context, ref, options).then(() => undefined)),
  );
program
  .command('rollback <kb>')
  .description('back to the previous alias target')
  .option('--env <env>', 'environment (default: the global --env)')
  .option('--dry-run', 'show where the alias would go; change nothing')
  .action(
    action((context, kb: string, options: { env?: string; dryRun?: boolean }) =>
      runRollback(context, kb, options.env ?? context.config.environment, options).then(() => undefined),
    ),
  );
program
  .command('status')
  .description('environments × kbs → version, age, who promoted, rollback target')
  .action(action((context) => runStatus(context)));
program
  .command('history [kb]')
  .description('the audit log, newest first: promotions, rollbacks, deletions with actor and gate results')
  .option('--env <env>', 'only this environment')
  .option('--limit <n>', 'at most this many entries (default 50)', positiveInteger)
  .action(
    action((context, kb: string | undefined, options: { env?: string; limit?: number }) =>
      runHistory(context, kb, { ...options, env: options.env ?? context.requestedEnvironment }).then(() => undefined),
    ),
  );
program
  .command('serve')
  .description('run the API')
  .option('--port <port>', 'port (default 3000, or $RAGSHIP_PORT)', port)
  .action(action((context, options: { port?: number }) => runServe(context, options)));
program
  .command('gc')
  .description('delete failed and unreferenced old versions from the registry and every store')
  .option('--dry-run', 'show what would be deleted')
  .action(action((context, options: { dryRun?: boolean }) => runGc(context, options)));
program
  .command('smoke <url>')
  .description('check a running API: ready, the expected build and version, a cited answer (exit 1 on failure)')
  .option('--kb <kb>', 'the kb to ask (default: the API’s default or only kb)')
  .option('--expect <ref>', 'the <kb>@v<N> the API must answer from')
  .option('--build <id>', 'the build GET /version must report (an image id or digest)')
  .option('--question <text>', 'what to ask (default: the first query of the kb’s golden set)')
  .action(action((context, url: string, options: SmokeFlags) => runSmoke(context, url, options)));
program
  .command('config')
  .description('the resolved configuration of an environment (--env), secrets masked')
  .action(action((context) => runConfig(context).then(() => undefined)));
program
  .command('watch [source]')
  .description('re-ingest whenever <source> changes (default: kbs.<kb>.source) or an ingestion is requested')
  .requiredOption('--kb <kb>', 'knowledge base name')
  .option('--promote <env>', 'promote each new version to <env> when its gates pass')
  .option('--interval <seconds>', 'how often a web site, git repository or S3 prefix is polled', positiveNumber, 60)
  .option('--debounce <ms>', 'quiet time after a folder change before the run', positiveNumber, 300)
  .option('--exclude <glob>', 'leave out files matching this glob (repeatable)', collect, [])
  .action(action((context, source: string | undefined, options: WatchFlags) => runWatch(context, source, options)));
program
  .command('quickstart [path]')
  .description('ingest <path> (default: docs) if changed, promote it, and serve: what `npm start` runs')
  .option('--kb <kb>', 'knowledge base name', 'docs')
  .option('--port <port>', 'port (default 3000, or $RAGSHIP_PORT)', port)
  .action(
    action((context, path: string | undefined, options: { kb: string; port?: number }) =>
      runQuickstart(context, path ?? 'docs', options),
    ),
  );

try {
  await program.parseAsync(process.argv);
  process.exitCode = commandExitCode;
} catch (error) {
  process.exitCode = report(error);
}

function report(error: unknown): number {
  const failure = reportFailure(error, { json: Boolean(program.opts<GlobalOptions>().json) });
  process.stderr.write(failure.stderr);
  if (failure.stdout) process.stdout.write(failure.stdout);
  if (!RagshipError.isInstance(error) && debugRequested()) console.error(error);
  return failure.exitCode;
}
