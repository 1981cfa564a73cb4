import { InvalidInputError, type LoadedConfig } from '@ragship/core';

/** Throws a usage error naming the configured environments when `environment` is not one. */
export function requireEnvironment(config: LoadedConfig, environment: string): void {
  const known = Object.keys(config.environments);
  if (!known.includes(environment)) {
    throw new InvalidInputError(`Unknown environment "${environment}"; configured: ${known.join(', ')}.`, 'env');
  }
}
