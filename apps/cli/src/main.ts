import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { NotImplementedError, RagshipError, errorMessage } from '@ragship/core';
import { CliContext, type GlobalOptions } from './cli-context.js';
import { runDiff } from './commands/diff-command.js';
import { runIngest, type IngestFlags } from './commands/ingest-command.js';
import { runPromote } from './commands/promote-command.js';
import { runQuickstart } from './commands/quickstart-command.js';
import { runShow, runStatus, runVersions } from './commands/registry-commands.js';
import { runRollback } from './commands/rollback-command.js';
import { runServe } from './commands/serve-command.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import { createOutput } from './output.js';

const program = new Command('ragship')
  .description('Versioned, promotable, traced retrieval-augmented chat.')
  .addOption(new Option('--json', 'machine-readable result on stdout, logs on stderr'))
  .addOption(new Option('--config <file>', 'config file (default: ragship.config.yaml if present)'))
  .addOption(new Option('--env <env>', 'environment (default: $RAGSHIP_ENV, else dev)'))
  .showHelpAfterError()
  .exitOverride();

/** Runs a command body with a context; closes it whatever happens. */
function action<Args extends unknown[]>(body: (context: CliContext, ...args: Args) => Promise<unknown>) {
  return async (...args: Args) => {
    const options = program.opts<GlobalOptions>();
    const context = new CliContext(options, createOutput(Boolean(options.json)));
    try {
      await body(context, ...args);
    } finally {
      await context.close();
    }
  };
}

function notBuilt(name: string) {
  return () => {
    throw new NotImplementedError(`"ragship ${name}"`);
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function port(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65_535)
    throw new InvalidArgumentError('a port number, 0–65535');
  return parsed;
}

program
  .command('ingest <path>')
  .description('build a new version from files under <path>')
  .requiredOption('--kb <kb>', 'knowledge base name')
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
  .description('retrieval (and answer) metrics (not built yet)')
  .option('--dataset <dir>')
  .action(notBuilt('eval'));
program
  .command('promote <ref>')
  .description('gates, copy if needed, flip alias: <kb>@<version> --to <env>, or <kb> --from <env> --to <env>')
  .requiredOption('--to <env>', 'target environment')
  .option('--from <env>', 'promote what this environment serves')
  .option('--dry-run', 'show what would happen')
  .action(
    action((context, ref: string, options: { to: string; from?: string; dryRun?: boolean }) =>
      runPromote(context, ref, options),
    ),
  );
program
  .command('rollback <kb>')
  .description('back to the previous alias target')
  .option('--env <env>', 'environment (default: the global --env)')
  .action(
    action((context, kb: string, options: { env?: string }) =>
      runRollback(context, kb, options.env ?? context.config.environment),
    ),
  );
program
  .command('status')
  .description('environments × kbs → versions')
  .action(action((context) => runStatus(context)));
program
  .command('serve')
  .description('run the API')
  .option('--port <port>', 'port (default 3000, or $RAGSHIP_PORT)', port)
  .action(action((context, options: { port?: number }) => runServe(context, options)));
program.command('gc').description('drop failed and unreferenced old versions (not built yet)').action(notBuilt('gc'));
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
  process.exitCode = ExitCode.ok;
} catch (error) {
  process.exitCode = report(error);
}

function report(error: unknown): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  const code = error instanceof RagshipError ? error.code : 'FAILED';
  const message = errorMessage(error);
  process.stderr.write(`ragship: ${message}\n`);
  if (program.opts<GlobalOptions>().json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`);
  if (!(error instanceof RagshipError) && process.env.RAGSHIP_DEBUG) console.error(error);
  return exitCodeFor(error);
}
