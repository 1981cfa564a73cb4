import { errorMessage, type BuildInfo, type LoadedConfig } from '@ragship/core';

/** The build an environment's API runs, or why it is not known. */
export interface EnvironmentBuild {
  build: BuildInfo | null;
  /** Why `build` is null, when it is. */
  unknown: string | null;
}

/** Reads the build each configured environment's API runs. */
export type EnvironmentBuilds = () => Promise<Record<string, EnvironmentBuild>>;

/**
 * This API's own build for its environment; for the others, `GET <apiUrl>/version` of the
 * environment's configured `apiUrl` (2 s timeout), remembered for `cacheMs` so the console's polling
 * does not become traffic on every environment.
 */
export function environmentBuilds(options: {
  environments: LoadedConfig['environments'];
  environment: string;
  build: BuildInfo;
  cacheMs?: number;
  fetch?: typeof fetch;
}): EnvironmentBuilds {
  const cacheMs = options.cacheMs ?? 30_000;
  const fetchVersion = options.fetch ?? fetch;
  let cached: { at: number; builds: Promise<Record<string, EnvironmentBuild>> } | undefined;
  const read = async (name: string): Promise<EnvironmentBuild> => {
    if (name === options.environment) return { build: options.build, unknown: null };
    const url = options.environments[name]?.apiUrl;
    if (!url) return { build: null, unknown: `no apiUrl is configured for ${name}` };
    try {
      const response = await fetchVersion(new URL('/version', url), { signal: AbortSignal.timeout(2000) });
      if (!response.ok) return { build: null, unknown: `${name}'s API answered ${response.status} at /version` };
      return { build: (await response.json()) as BuildInfo, unknown: null };
    } catch (error) {
      return { build: null, unknown: `${name}'s API did not answer at /version: ${errorMessage(error)}` };
    }
  };
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > cacheMs) {
      const names = Object.keys(options.environments);
      cached = {
        at: now,
        builds: Promise.all(names.map(async (name) => [name, await read(name)] as const)).then(
          (entries): Record<string, EnvironmentBuild> => Object.fromEntries(entries),
        ),
      };
    }
    return cached.builds;
  };
}
