import { RagshipError, type Manifest } from '@ragship/core';

/**
 * Refuses a version whose embedder differs from the environment's pin or from what it serves:
 * queries are embedded with the served version's embedder, so its vectors must live in the same
 * space. Returns a description of an allowed change, for the audit log.
 */
export function checkEmbedder(
  candidate: Manifest,
  target: { environment: string; embedder?: string | undefined },
  served: Manifest | null,
  allowChange: boolean,
): string | null {
  const embedded = `${candidate.embedder.id}/${candidate.embedder.dimensions}`;
  const name = `${candidate.kb}@${candidate.version}`;
  if (target.embedder && target.embedder !== candidate.embedder.id) {
    throw new RagshipError(
      'EMBEDDER_MISMATCH',
      `${target.environment} only serves versions embedded with ${target.embedder} ` +
        `(environments.${target.environment}.embedder); ${name} was embedded with ${embedded}.`,
    );
  }
  if (!served) return null;
  const serving = `${served.embedder.id}/${served.embedder.dimensions}`;
  if (serving === embedded) return null;
  if (allowChange) return `${serving} → ${embedded}`;
  throw new RagshipError(
    'EMBEDDER_MISMATCH',
    `${target.environment} serves ${served.kb}@${served.version} embedded with ${serving}; ` +
      `${name} was embedded with ${embedded}. Re-ingest with ${served.embedder.id}, ` +
      'or pass --allow-embedder-change to switch embedders on purpose.',
  );
}
