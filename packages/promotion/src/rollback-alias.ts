import { InvalidInputError, RagshipError, formatIndexRef, formatVersion } from '@ragship/core';
import { rollbackTarget, type Registry } from '@ragship/registry';
import type { VectorStore } from '@ragship/vector-store';
import type { AliasMove } from './alias-move.js';
import { readyManifest } from './ready-manifest.js';
import { planSegments } from './materialise-version.js';

/** What a rollback did (the `--json` result of `ragship rollback`). */
export interface RollbackResult extends AliasMove {
  action: 'rollback';
}

/**
 * Moves an environment's alias back to its previous target from the audit log (repeated
 * rollbacks walk further back): checks the store still holds that version whole — by counts, no
 * copy, no digest read — then flips by compare-and-swap. Takes a few registry and store calls.
 */
export async function rollbackAlias(options: {
  registry: Registry;
  kb: string;
  environment: string;
  store: VectorStore;
  actor: string;
  dryRun?: boolean;
  details?: Record<string, unknown>;
}): Promise<RollbackResult> {
  const started = performance.now();
  const { registry, kb, environment } = options;
  const current = await registry.getAlias(environment, kb);
  if (!current) throw new InvalidInputError(`${kb}@${environment} has never been promoted; nothing to roll back.`);
  const target = rollbackTarget(await registry.auditLog({ kb, environment }));
  if (target === null) {
    throw new RagshipError('NO_PREVIOUS_VERSION', `${kb}@${environment} has no earlier version to roll back to.`);
  }
  const manifest = await readyManifest(registry, kb, target);
  const missing = (await planSegments(manifest, options.store)).filter((segment) => segment.action !== 'present');
  if (missing.length > 0) {
    throw new RagshipError(
      'SEGMENT_MISSING',
      `${environment}'s store (${options.store.location}) no longer holds ${formatIndexRef(kb, target)} whole ` +
        `(${missing.map((segment) => segment.name).join(', ')}); ` +
        `promote it instead: ragship promote ${formatIndexRef(kb, target)} --to ${environment}`,
    );
  }
  if (!options.dryRun) {
    await registry.moveAlias({
      environment,
      kb,
      expected: current.version,
      to: target,
      actor: options.actor,
      action: 'rollback',
      details: { ...options.details, store: options.store.location },
    });
  }
  return {
    kb,
    environment,
    from: formatVersion(current.version),
    to: formatVersion(target),
    action: 'rollback',
    dryRun: Boolean(options.dryRun),
    changed: true,
    durationMs: Math.round(performance.now() - started),
  };
}
