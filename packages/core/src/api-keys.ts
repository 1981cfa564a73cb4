/** What an API key may do, least first: each role may do everything the ones before it may. */
export const API_ROLES = ['reader', 'operator', 'admin'] as const;

/**
 * `reader`: chat, retrieve, feedback. `operator`: also the admin API's reads, ingestions, promote
 * and rollback where the environment allows it. `admin`: everything.
 */
export type ApiRole = (typeof API_ROLES)[number];

/** An `api.keys` entry as configured: a bare key (a reader) or a named key with a role. */
export type ApiKeyEntry =
  string | { name: string; key: string; role?: ApiRole | undefined; kbs?: string[] | undefined };

/** An API key with everything its entry left out filled in. */
export interface ApiKey {
  /** Who holds it; the audit log's actor. A bare key is `key-<n>`, n its place in the list from 1. */
  name: string;
  key: string;
  role: ApiRole;
  /** The kbs it may use; null: all. */
  kbs: readonly string[] | null;
}

/** The configured entries as {@link ApiKey}s: a bare string is a reader named `key-<n>`. */
export function normaliseApiKeys(entries: readonly ApiKeyEntry[]): ApiKey[] {
  return entries.map((entry, index) =>
    typeof entry === 'string'
      ? { name: `key-${index + 1}`, key: entry, role: 'reader', kbs: null }
      : { name: entry.name, key: entry.key, role: entry.role ?? 'reader', kbs: entry.kbs ?? null },
  );
}

/** Whether `role` includes what `needed` may do. */
export function roleAllows(role: ApiRole, needed: ApiRole): boolean {
  return API_ROLES.indexOf(role) >= API_ROLES.indexOf(needed);
}
