import type { AuditEntry } from './registry.js';

/**
 * The version a rollback of one environment's alias returns to: replays the alias's audit log
 * (promotions push their target, rollbacks pop), so repeated rollbacks walk further back rather
 * than bouncing between two versions. Entries that moved no alias (`refuse`, `delete`) are
 * ignored. Null when there is nothing to go back to.
 */
export function rollbackTarget(entriesNewestFirst: readonly AuditEntry[]): number | null {
  const history: number[] = [];
  for (const entry of [...entriesNewestFirst].reverse()) {
    if (entry.action === 'rollback') history.pop();
    else if (entry.action === 'promote' && entry.to !== null) history.push(entry.to);
  }
  return history.at(-2) ?? null;
}
