import { ConfigError, type LoadedConfig } from '@ragship/core';

/**
 * Refuses to serve an environment that requires authentication (`api.requireAuth`) without API
 * keys (`api.keys`, `RAGSHIP_API_KEYS`): such a deploy would otherwise come up open because a
 * secret went missing. Checked before the API listens.
 */
export function requireApiKeys(config: Pick<LoadedConfig, 'api' | 'environment'>): void {
  if (!config.api.requireAuth || config.api.keys.length > 0) return;
  throw new ConfigError(
    `Environment "${config.environment}" requires API keys (api.requireAuth) but none are configured: ` +
      'set RAGSHIP_API_KEYS or api.keys.',
    'api.keys',
  );
}
