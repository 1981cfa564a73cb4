import { useQuery, type QueryClient } from '@tanstack/react-query';
import type {
  AdminMonitoring,
  AdminStatus,
  DocumentDiff,
  HistoryEntry,
  KbSummary,
  SessionInfo,
  VersionDetail,
  VersionDiff,
  VersionSummary,
} from '@ragship/server';

/** The console's reads, each keyed by its API path (the query client GETs the key). */
const path = {
  session: '/v1/session',
  kbs: '/v1/admin/kbs',
  versions: (kb: string) => `/v1/admin/kbs/${encodeURIComponent(kb)}/versions`,
  version: (kb: string, version: string) =>
    `/v1/admin/kbs/${encodeURIComponent(kb)}/versions/${encodeURIComponent(version)}`,
  diff: (kb: string, from: string, to: string) =>
    `/v1/admin/kbs/${encodeURIComponent(kb)}/diff?${new URLSearchParams({ from, to }).toString()}`,
  documentDiff: (kb: string, from: string, to: string, docId: string) =>
    `/v1/admin/kbs/${encodeURIComponent(kb)}/diff/document?${new URLSearchParams({ from, to, docId }).toString()}`,
  status: '/v1/admin/status',
  history: (filter: { kb: string | null; env: string | null; limit: number }) => {
    const query = new URLSearchParams({ limit: String(filter.limit) });
    if (filter.kb) query.set('kb', filter.kb);
    if (filter.env) query.set('env', filter.env);
    return `/v1/admin/history?${query.toString()}`;
  },
  monitoring: '/v1/admin/monitoring',
};

/** `GET /v1/session`. */
export const useSessionQuery = () => useQuery<SessionInfo>({ queryKey: [path.session], staleTime: 60_000 });

/** `GET /v1/admin/kbs`. */
export const useKbsQuery = (enabled = true) => useQuery<{ kbs: KbSummary[] }>({ queryKey: [path.kbs], enabled });

/** `GET /v1/admin/kbs/<kb>/versions`, newest first. */
export const useVersionsQuery = (kb: string | null) =>
  useQuery<{ kb: string; versions: VersionSummary[] }>({ queryKey: [path.versions(kb ?? '')], enabled: kb !== null });

/** `GET /v1/admin/kbs/<kb>/versions/<version>`. */
export const useVersionQuery = (kb: string, version: string) =>
  useQuery<VersionDetail>({ queryKey: [path.version(kb, version)] });

/** `GET /v1/admin/kbs/<kb>/diff?from=&to=`; versions never change, so neither does their diff. */
export const useDiffQuery = (kb: string, from: string, to: string) =>
  useQuery<VersionDiff>({ queryKey: [path.diff(kb, from, to)], staleTime: Infinity });

/** `GET /v1/admin/kbs/<kb>/diff/document?from=&to=&docId=`. */
export const useDocumentDiffQuery = (kb: string, from: string, to: string, docId: string) =>
  useQuery<DocumentDiff>({ queryKey: [path.documentDiff(kb, from, to, docId)], staleTime: Infinity });

/** `GET /v1/admin/status`, refreshed every 30 seconds while on screen. */
export const useStatusQuery = () => useQuery<AdminStatus>({ queryKey: [path.status], refetchInterval: 30_000 });

/** `GET /v1/admin/history?kb=&env=&limit=`, newest first. */
export const useHistoryQuery = (filter: { kb: string | null; env: string | null; limit: number }) =>
  useQuery<{ entries: HistoryEntry[] }>({ queryKey: [path.history(filter)] });

/** `GET /v1/admin/monitoring`, refreshed every 30 seconds while on screen. */
export const useMonitoringQuery = () =>
  useQuery<AdminMonitoring>({ queryKey: [path.monitoring], refetchInterval: 30_000 });

/** After a promotion or rollback: what environments serve, the audit log and the kbs' versions changed. */
export function invalidateAfterAliasMove(queryClient: QueryClient): Promise<void> {
  const changed = [path.status, '/v1/admin/history', path.kbs, path.monitoring];
  return queryClient.invalidateQueries({
    predicate: (query) => changed.some((prefix) => String(query.queryKey[0]).startsWith(prefix)),
  });
}
