import {
  InvalidInputError,
  NotFoundError,
  NothingPromotedError,
  RagshipError,
  formatIndexRef,
  formatVersion,
  parseIndexRef,
} from '@ragship/core';
import type { CliContext } from '../cli-context.js';

/** The `--json` result of `promote` and `rollback`. */
export interface AliasMoveResult {
  kb: string;
  environment: string;
  from: string | null;
  to: string;
  action: 'promote' | 'rollback';
  dryRun: boolean;
  changed: boolean;
}

/**
 * `ragship promote <kb>@<version> --to <env>` or `ragship promote <kb> --from <env> --to <env>`:
 * checks the version is ready and present in the target's store, then moves the alias by
 * compare-and-swap and writes the audit entry.
 */
export async function runPromote(
  context: CliContext,
  reference: string,
  options: { to: string; from?: string; dryRun?: boolean },
): Promise<AliasMoveResult> {
  const ref = parseIndexRef(reference);
  const { kb } = ref;
  requireEnvironment(context, options.to);
  let version: number;
  if (options.from) {
    if (ref.kind !== 'kb') throw new InvalidInputError('Give either <kb>@<version> or <kb> --from <env>, not both.');
    requireEnvironment(context, options.from);
    const source = await context.registry.getAlias(options.from, kb);
    if (!source) throw new NothingPromotedError(kb, options.from);
    version = source.version;
  } else if (ref.kind === 'version') {
    version = ref.version;
  } else if (ref.kind === 'environment') {
    const source = await context.registry.getAlias(ref.environment, kb);
    if (!source) throw new NothingPromotedError(kb, ref.environment);
    version = source.version;
  } else {
    throw new InvalidInputError(`Say which version to promote: ${kb}@v<N>, or ${kb} --from <env>.`);
  }

  const record = await context.registry.getVersion(kb, version);
  if (!record) {
    const known = (await context.registry.listVersions(kb)).map((item) => formatIndexRef(kb, item.version));
    throw new NotFoundError(
      'version',
      formatIndexRef(kb, version),
      `No version ${formatIndexRef(kb, version)}.`,
      known,
    );
  }
  if (record.status !== 'ready' || !record.manifest) {
    throw new RagshipError(
      'VERSION_NOT_READY',
      `${formatIndexRef(kb, version)} is ${record.status}, not ready; only ready versions can be promoted.`,
    );
  }
  const store = await context.store(options.to);
  for (const segment of record.manifest.segments) {
    if (!(await store.hasSegment(segment.name))) {
      throw new RagshipError(
        'SEGMENT_MISSING',
        `${options.to}'s store (${store.location}) lacks segment ${segment.name}; copying between stores is not built yet.`,
      );
    }
  }

  const current = await context.registry.getAlias(options.to, kb);
  const result: AliasMoveResult = {
    kb,
    environment: options.to,
    from: current ? formatVersion(current.version) : null,
    to: formatVersion(version),
    action: 'promote',
    dryRun: Boolean(options.dryRun),
    changed: current?.version !== version,
  };
  if (result.changed && !options.dryRun) {
    await context.registry.moveAlias({
      environment: options.to,
      kb,
      expected: current?.version ?? null,
      to: version,
      actor: context.actor(),
      action: 'promote',
      details: { source: options.from ?? null },
    });
  }
  context.output.result(result, () => describeMove(result));
  return result;
}

/** One line saying what an alias move did (or would do). */
export function describeMove(result: AliasMoveResult): string {
  const target = `${result.kb}@${result.environment}`;
  if (!result.changed) return `${target} already points to ${result.to}; nothing to do.`;
  const verb = result.dryRun ? 'Would move' : 'Moved';
  return `${verb} ${target}: ${result.from ?? '(none)'} → ${result.to} (${result.action}).`;
}

/** Throws a usage error naming the configured environments when `environment` is not one. */
export function requireEnvironment(context: CliContext, environment: string): void {
  const known = Object.keys(context.config.environments);
  if (!known.includes(environment)) {
    throw new InvalidInputError(`Unknown environment "${environment}"; configured: ${known.join(', ')}.`, 'env');
  }
}
