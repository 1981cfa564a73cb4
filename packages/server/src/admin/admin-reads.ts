import { NotFoundError, formatVersion, parseVersion } from '@ragship/core';
import type { DriftMonitor } from '@ragship/monitoring';
import { aliasStatus, summariseVersion, type OperationsContext } from '@ragship/operations';
import type { FeedbackRecord } from '@ragship/registry';
import type {
  AdminMonitoring,
  AdminStatus,
  FeedbackCounts,
  KbSummary,
  ServedEntry,
  VersionDetail,
} from './admin-contract.js';
import type { EnvironmentBuilds } from './environment-builds.js';

/** What the console's reads need besides the operations context. */
export interface AdminReadDependencies {
  operations: OperationsContext;
  /** The environment this API serves: its drift is this process's. */
  environment: string;
  monitor: DriftMonitor;
  builds: EnvironmentBuilds;
}

/** `GET /v1/admin/kbs`: every kb with its version count, newest ready version and what each environment serves. */
export async function listKbs(deps: AdminReadDependencies, allowed: (kb: string) => boolean): Promise<KbSummary[]> {
  const { registry } = deps.operations;
  const [kbs, aliases] = await Promise.all([registry.listKbs(), registry.listAliases()]);
  return Promise.all(
    kbs.filter(allowed).map(async (kb) => {
      const versions = await registry.listVersions(kb);
      const latest = versions.find((record) => record.status === 'ready');
      return {
        kb,
        versions: versions.length,
        latest: latest ? formatVersion(latest.version) : null,
        served: Object.fromEntries(
          aliases.filter((alias) => alias.kb === kb).map((alias) => [alias.environment, formatVersion(alias.version)]),
        ),
      };
    }),
  );
}

/** `GET /v1/admin/kbs/<kb>/versions/<v>`: the manifest with its rejected and flagged documents. */
export async function versionDetail(deps: AdminReadDependencies, kb: string, version: string): Promise<VersionDetail> {
  const { registry } = deps.operations;
  const [record, aliases] = await Promise.all([registry.getVersion(kb, parseVersion(version)), registry.listAliases()]);
  if (!record) throw new NotFoundError('version', `${kb}@${version}`, `No version ${kb}@${version}.`);
  return {
    kb,
    summary: summariseVersion(record, aliases),
    manifest: record.manifest,
    rejected: record.manifest?.validation.rejected ?? [],
    flagged: record.manifest?.validation.flagged ?? [],
  };
}

/**
 * `GET /v1/admin/status`: environments × kbs with who promoted when, the rollback target, this
 * environment's drift, the feedback on each served version, and the build each environment's API runs.
 */
export async function adminStatus(deps: AdminReadDependencies, allowed: (kb: string) => boolean): Promise<AdminStatus> {
  const { config, registry } = deps.operations;
  const names = Object.keys(config.environments);
  const [aliases, drift, feedback, builds] = await Promise.all([
    aliasStatus(registry, names),
    deps.monitor.reports(),
    registry.monitoring.listFeedback(),
    deps.builds(),
  ]);
  const environments: AdminStatus['environments'] = {};
  for (const [environment, kbs] of Object.entries(aliases)) {
    const served: Record<string, ServedEntry> = {};
    for (const [kb, entry] of Object.entries(kbs).filter(([kb]) => allowed(kb))) {
      const report =
        environment === deps.environment
          ? drift.find((candidate) => candidate.kb === kb && candidate.indexVersion === entry.version)
          : undefined;
      served[kb] = {
        ...entry,
        drift: report
          ? {
              status: report.status,
              score: report.score,
              threshold: report.threshold,
              worstSignal: report.worstSignal,
              observed: report.observed,
            }
          : null,
        feedback: countFeedback(feedback, { environment, kb, version: parseVersion(entry.version) }),
      };
    }
    const build = builds[environment];
    environments[environment] = {
      build: build?.build ?? null,
      buildUnknown: build?.unknown ?? null,
      consolePromotion: config.environments[environment]?.consolePromotion ?? false,
      kbs: served,
    };
  }
  return { environment: deps.environment, environments };
}

/** `GET /v1/admin/monitoring`: this environment's drift reports, and its feedback per version with the latest 50 ratings. */
export async function adminMonitoring(
  deps: AdminReadDependencies,
  allowed: (kb: string) => boolean,
): Promise<AdminMonitoring> {
  const [drift, feedback] = await Promise.all([
    deps.monitor.reports(),
    deps.operations.registry.monitoring.listFeedback({ environment: deps.environment }),
  ]);
  const visible = feedback.filter((item) => item.kb === null || allowed(item.kb));
  const counts = new Map<string, AdminMonitoring['feedback']['counts'][number]>();
  for (const item of visible) {
    const version = item.version === null ? null : formatVersion(item.version);
    const key = `${item.kb ?? ''}@${version ?? ''}`;
    const count = counts.get(key) ?? { kb: item.kb, version, up: 0, down: 0 };
    if (item.rating > 0) count.up++;
    else count.down++;
    counts.set(key, count);
  }
  return {
    environment: deps.environment,
    drift: drift.filter((report) => allowed(report.kb)),
    feedback: {
      counts: [...counts.values()],
      recent: visible.slice(0, 50).map((item) => ({
        at: item.at,
        traceId: item.traceId,
        rating: item.rating,
        comment: item.comment,
        kb: item.kb,
        version: item.version === null ? null : formatVersion(item.version),
        environment: item.environment,
      })),
    },
  };
}

function countFeedback(
  feedback: readonly FeedbackRecord[],
  of: { environment: string; kb: string; version: number },
): FeedbackCounts {
  const counts = { up: 0, down: 0 };
  for (const item of feedback) {
    if (item.environment !== of.environment || item.kb !== of.kb || item.version !== of.version) continue;
    if (item.rating > 0) counts.up++;
    else counts.down++;
  }
  return counts;
}
