import type { HistoryEntry, KbSummary, PromotionResponse, VersionSummary } from '@ragship/server';
import { adminStatus, gates, operatorSession } from './fixtures.ts';
import { jsonResponse, type RouteHandler } from './fake-fetch.ts';

const version = (number: number, status = 'ready'): VersionSummary => ({
  version: `v${number}`,
  status: status as VersionSummary['status'],
  parent: number > 1 ? `v${number - 1}` : null,
  createdAt: new Date(Date.UTC(2025, 5, number)).toISOString(),
  documents: 12,
  chunks: 140 + number,
  rejected: 1,
  flagged: 0,
  embedder: 'local:hash-384',
  eval: [
    {
      evalSet: 'f1',
      dataset: 'eval/scifact',
      kind: 'beir',
      metrics: { 'ndcg@10': 0.7123 },
      measuredAt: '2025-06-03T00:00:00.000Z',
    },
  ],
  servedIn: number === 3 ? ['dev'] : number === 2 ? ['prod'] : [],
});

/** docs: v4 failed, v3 (dev) and v2 (prod) and v1 ready. */
export const docsVersions: VersionSummary[] = [version(4, 'failed'), version(3), version(2), version(1)];

export const kbSummaries: KbSummary[] = [
  { kb: 'docs', versions: 4, latest: 'v3', served: { dev: 'v3', prod: 'v2' } },
  { kb: 'handbook', versions: 0, latest: null, served: {} },
];

/** The audit entry of promoting docs v3 to staging. */
export const promotionAudit: HistoryEntry = {
  id: 41,
  at: new Date(Date.now() - 5_000).toISOString(),
  actor: 'ops-alice',
  action: 'promote',
  kb: 'docs',
  environment: 'dev',
  from: 'v2',
  to: 'v3',
  gates: [gates[0]!],
  details: { build: { build: 'sha256:1a2b3c4d5e6f7a8b9c0d', gitSha: '0c1d2e3f4a5b', version: '0.1.0' } },
};

/** A dry run of promoting docs v3 to dev: both gates judged, one segment to copy. */
export const dryRunPlan: PromotionResponse = {
  result: {
    kb: 'docs',
    environment: 'dev',
    from: 'v2',
    to: 'v3',
    action: 'promote',
    dryRun: true,
    changed: true,
    durationMs: 12,
    gates: [gates[0]!],
    segments: [
      { name: 'docs-v1-base', chunks: 140, action: 'present', inTarget: 140 },
      { name: 'docs-v3-delta', chunks: 25, action: 'copy', inTarget: 0 },
    ],
    copied: 0,
    verifiedDigest: null,
    baseline: null,
    forced: null,
  },
  audit: null,
};

/** The console's read routes over the fixtures. */
export function consoleRoutes(): Record<string, RouteHandler> {
  return {
    'GET /v1/session': () => jsonResponse(200, operatorSession),
    'GET /v1/admin/status': () => jsonResponse(200, adminStatus),
    'GET /v1/admin/kbs': () => jsonResponse(200, { kbs: kbSummaries }),
    'GET /v1/admin/kbs/docs/versions': () => jsonResponse(200, { kb: 'docs', versions: docsVersions }),
    'GET /v1/admin/kbs/handbook/versions': () => jsonResponse(200, { kb: 'handbook', versions: [] }),
    'GET /v1/admin/monitoring': () =>
      jsonResponse(200, {
        environment: 'dev',
        drift: [],
        feedback: {
          counts: [],
          recent: [
            {
              at: new Date().toISOString(),
              traceId: 'abc',
              rating: -1,
              comment: 'Cited the wrong page',
              kb: 'docs',
              version: 'v3',
              environment: 'dev',
            },
          ],
        },
      }),
    'GET /v1/admin/history': () => jsonResponse(200, { entries: [promotionAudit] }),
  };
}
