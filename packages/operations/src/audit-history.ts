import { formatVersion } from '@ragship/core';
import { withMargin, type GateResult } from '@ragship/promotion';
import type { AuditEntry, AuditFilter, Registry } from '@ragship/registry';

/** One audit entry as `ragship history --json` and the console show it. */
export interface HistoryEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditEntry['action'];
  kb: string;
  environment: string | null;
  from: string | null;
  to: string | null;
  /** The gates judged (promotions and refusals), each with its margin; empty for other entries. */
  gates: GateResult[];
  details: Record<string, unknown>;
}

/** The audit log, newest first, versions written `v<N>` and gates with their margins (also for entries older than margins). */
export async function auditHistory(registry: Registry, filter: AuditFilter): Promise<HistoryEntry[]> {
  return (await registry.auditLog(filter)).map(toHistoryEntry);
}

/** An audit entry as a {@link HistoryEntry}. */
export function toHistoryEntry(entry: AuditEntry): HistoryEntry {
  const gates = Array.isArray(entry.details.gates) ? (entry.details.gates as GateResult[]) : [];
  return {
    id: entry.id,
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    kb: entry.kb,
    environment: entry.environment,
    from: entry.from === null ? null : formatVersion(entry.from),
    to: entry.to === null ? null : formatVersion(entry.to),
    gates: gates.map((gate) => ('margin' in gate ? gate : withMargin(gate))),
    details: entry.details,
  };
}
