import { hostname } from 'node:os';
import { errorMessage, parseVersion } from '@ragship/core';
import type { IngestResult } from '@ragship/ingest';
import type { Registry } from '@ragship/registry';

/**
 * Runs one ingest of `kb` on behalf of the requests recorded for it (`POST /v1/admin/ingestions`)
 * and records how the run ended on each. Any ingest run of the kb answers them — `ragship watch`,
 * or `ragship ingest` as the Kubernetes ingest job runs it. `run` gets the hook to call once it
 * holds the kb's lease (`lease.onAcquired`): the queued requests are claimed then, so requests
 * that arrive during the run queue one follow-up, and requests left `running` by a worker that
 * died are closed as failed (holding the lease, no other run of the kb can be going). A run that
 * fails before the lease still answers the queued requests, so a broken source cannot leave them
 * queued for a watch to retry forever. Returns the ids of the requests answered.
 */
export async function answeringIngestionRequests(
  registry: Registry,
  kb: string,
  runner: string,
  run: (onLeased: () => Promise<void>) => Promise<IngestResult>,
): Promise<{ result: IngestResult; requests: string[] }> {
  const who = `${runner} on ${hostname()} (pid ${process.pid})`;
  let requests: string[] | undefined;
  const claim = async () => (requests ??= (await registry.claimIngestions(kb, who)).map((request) => request.id));
  let result: IngestResult;
  try {
    result = await run(async () => {
      await closeAbandoned(registry, kb);
      await claim();
    });
  } catch (error) {
    const failed = await claim().catch(() => []);
    if (failed.length > 0) {
      await registry
        .finishIngestions(failed, { status: 'failed', version: null, message: errorMessage(error) })
        .catch(() => undefined);
    }
    throw error;
  }
  const answered = await claim();
  if (answered.length > 0) {
    await registry.finishIngestions(answered, {
      status: 'succeeded',
      version: result.version ? parseVersion(result.version) : null,
      message: result.version
        ? `built ${result.kb}@${result.version}`
        : `up to date: nothing changed since ${result.kb}@${result.parent}`,
    });
  }
  return { result, requests: answered };
}

/** Closes, as failed, requests of `kb` still `running`: called holding the kb's lease, so their worker is gone. */
async function closeAbandoned(registry: Registry, kb: string): Promise<void> {
  const running = await registry.listIngestions({ kb, status: 'running' });
  if (running.length === 0) return;
  await registry.finishIngestions(
    running.map((request) => request.id),
    {
      status: 'failed',
      version: null,
      message: `its worker (${running[0]?.runner ?? 'unknown'}) stopped before the run ended; the next run answers newer requests`,
    },
  );
}
