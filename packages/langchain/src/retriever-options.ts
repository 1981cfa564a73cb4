import { ENVIRONMENT_NAME_PATTERN, InvalidInputError, KB_NAME_PATTERN, maskUrlSecrets } from '@ragship/core';

/** The default time limit of one request, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Checks a retriever's options before any request, each refusal an `InvalidInputError` naming
 * the option and what it must be. Returns the base URL without trailing slashes and the time limit.
 */
export function checkedRetrieverOptions(options: {
  url: string;
  kb?: string | undefined;
  environment?: string | undefined;
  version?: string | undefined;
  k?: number | undefined;
  timeoutMs?: number | undefined;
}): { baseUrl: string; timeoutMs: number } {
  const refuse = (field: string, rule: string, value: unknown): never => {
    const shown = typeof value === 'string' ? `"${maskUrlSecrets(value).slice(0, 200)}"` : String(value);
    throw new InvalidInputError(`RagshipRetriever: ${field} must be ${rule}; got ${shown}.`, field);
  };
  const { url, kb, environment, version, k, timeoutMs } = options;
  if (typeof url !== 'string' || !URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    refuse('url', 'the http(s) URL of a ragship API, e.g. http://127.0.0.1:3000', url);
  }
  if (kb !== undefined && !KB_NAME_PATTERN.test(kb)) refuse('kb', 'a kb name such as "docs"', kb);
  if (environment !== undefined && !ENVIRONMENT_NAME_PATTERN.test(environment)) {
    refuse('environment', 'an environment name such as "prod"', environment);
  }
  if (version !== undefined && !/^v[1-9][0-9]{0,8}$/.test(version)) refuse('version', 'v<N>, e.g. v3', version);
  if (k !== undefined && (!Number.isInteger(k) || k < 1 || k > 50)) refuse('k', 'a whole number from 1 to 50', k);
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    refuse('timeoutMs', 'a positive number of milliseconds', timeoutMs);
  }
  return { baseUrl: url.replace(/\/+$/, ''), timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS };
}
