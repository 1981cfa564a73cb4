/** What a promotion or rollback did to one alias (the core of their `--json` results). */
export interface AliasMove {
  kb: string;
  environment: string;
  /** `v<N>` the alias pointed to before, or null when it did not exist. */
  from: string | null;
  /** `v<N>` it points to now (or would, in a dry run). */
  to: string;
  action: 'promote' | 'rollback';
  dryRun: boolean;
  /** False when the alias already pointed to `to`. */
  changed: boolean;
  durationMs: number;
}

/** One line saying what an alias move did (or would do). */
export function describeMove(move: AliasMove): string {
  const target = `${move.kb}@${move.environment}`;
  if (!move.changed) return `${target} already points to ${move.to}; nothing to do.`;
  const verb = move.dryRun ? 'Would move' : 'Moved';
  return `${verb} ${target}: ${move.from ?? '(none)'} → ${move.to} (${move.action}, ${move.durationMs} ms).`;
}
