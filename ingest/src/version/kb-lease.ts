import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { RagshipError } from '@ragship/core';
import type { KbLease, Registry } from '@ragship/registry';

/** How a run waits for another run of the same kb. */
export interface KbLeaseOptions {
  /** Wait for the holder to finish (default), or fail at once with `KB_BUSY` (`--no-wait`). */
  wait?: boolean;
  /** Lease time without a renewal, after which a crashed holder's lease may be taken over. Default 30 s. */
  ttlMs?: number;
  /** How often a waiting run asks again. Default 500 ms. */
  pollMs?: number;
  /** Called once when the run starts waiting, with who holds the kb. */
  onWait?: (lease: KbLease) => void;
  /** What the holder is, for whoever waits; default `ragship ingest on <host> (pid <pid>)`. */
  description?: string;
  /** Runs once the lease is held, before the work: what only the kb's one run may do (claim its requests). */
  onAcquired?: () => Promise<void>;
}

const DEFAULT_TTL_MS = 30_000;

/**
 * Runs `work` holding `kb`'s lease in the registry: one ingest run per kb at a time, across
 * processes and machines that share the registry. A second run waits for the first (or fails
 * with `KB_BUSY` when `wait` is false) and then sees the first's version as its parent. The lease
 * is renewed every third of its time; a run that loses it (its renewals failed past the lease
 * time) is aborted through the signal `work` receives.
 */
export async function withKbLease<T>(
  registry: Registry,
  kb: string,
  options: KbLeaseOptions,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const description = options.description ?? `ragship ingest on ${hostname()} (pid ${process.pid})`;
  await acquire(registry, kb, { owner, description }, ttlMs, options);
  const lost = new AbortController();
  const renewal = setInterval(
    () => {
      registry.renewKbLease(kb, owner, ttlMs).then(
        (held) => {
          if (!held) lost.abort(new RagshipError('KB_LEASE_LOST', `Lost the ingest lease of kb "${kb}".`));
        },
        () => undefined, // a registry hiccup: the next renewal tries again, well within the lease time
      );
    },
    Math.max(10, Math.floor(ttlMs / 3)),
  );
  renewal.unref();
  try {
    await options.onAcquired?.();
    return await work(lost.signal);
  } finally {
    clearInterval(renewal);
    await registry.releaseKbLease(kb, owner).catch(() => undefined);
  }
}

async function acquire(
  registry: Registry,
  kb: string,
  holder: { owner: string; description: string },
  ttlMs: number,
  options: KbLeaseOptions,
): Promise<void> {
  let told = false;
  for (;;) {
    const attempt = await registry.acquireKbLease(kb, holder, ttlMs);
    if (attempt.acquired) return;
    if (options.wait === false) {
      throw new RagshipError(
        'KB_BUSY',
        `kb "${kb}" is being ingested by ${attempt.lease.description} since ${attempt.lease.acquiredAt}; ` +
          'try again when it is done, or leave out --no-wait to wait for it.',
      );
    }
    if (!told) options.onWait?.(attempt.lease);
    told = true;
    await sleep((options.pollMs ?? 500) * (0.75 + Math.random() / 2));
  }
}
