import { hostname } from 'node:os';
import { errorMessage, parseVersion } from '@ragship/core';
import type { IngestResult } from '@ragship/ingest';
import type { Registry } from '@ragship/registry';

/**
 * Runs one ingest of `kb` on behalf of the requests recorded for it (`POST /v1/admin/ingestions`):
 * claims every queued one first, so requests that arrive during the run queue one follow-up, and
 * records how the run ended on each. Any ingest run of the kb answers them — `ragship watch`, or
 * `ragship ingest` as the Kubernetes ingest job runs it. Returns the ids of the requests answered.
 */
export async function answeringIngestionRequests(
  registry: Registry,
  kb: string,
  runner: string,
  run: () => Promise<IngestResult>,
): Promise<{ result: IngestResult; requests: string[] }> {
  const claimed = await registry.claimIngestions(kb, `${runner} on ${hostname()} (pid ${process.pid})`);
  const requests = claimed.map((request) => request.id);
  let result: IngestResult;
  try {
    result = await run();
  } catch (error) {
    if (requests.length > 0) {
      await registry
        .finishIngestions(requests, { status: 'failed', version: null, message: errorMessage(error) })
        .catch(() => undefined);
    }
    throw error;
  }
  if (requests.length > 0) {
    await registry.finishIngestions(requests, {
      status: 'succeeded',
      version: result.version ? parseVersion(result.version) : null,
      message: result.version
        ? `built ${result.kb}@${result.version}`
        : `up to date: nothing changed since ${result.kb}@${result.parent}`,
    });
  }
  return { result, requests };
}
