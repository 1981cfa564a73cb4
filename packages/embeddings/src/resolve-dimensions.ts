import { ConfigError } from '@ragship/core';

/**
 * The vector length of embedder `id`: the `dimensions` option, else the model's entry in `known`.
 * Throws a {@link ConfigError} naming the fix when neither gives one: ragship sizes collections
 * and records manifests before the first text is embedded, so the length cannot wait for a probe.
 */
export function resolveDimensions(
  id: string,
  model: string,
  configured: number | undefined,
  known: Readonly<Record<string, number>>,
): number {
  const dimensions = configured ?? known[model];
  if (dimensions === undefined) {
    throw new ConfigError(
      `Embedder "${id}" has no known vector length: pass dimensions (the length of the vectors "${model}" returns). ` +
        `Models known without it: ${Object.keys(known).join(', ')}.`,
      'embedder',
    );
  }
  if (!Number.isInteger(dimensions) || dimensions < 1) {
    throw new ConfigError(`Embedder "${id}": dimensions must be a positive integer, got ${dimensions}.`, 'embedder');
  }
  return dimensions;
}
