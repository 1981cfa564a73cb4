/** What replaces a secret inside a URL. */
const URL_SECRET_MASK = '***';

// `scheme://user:password@`: the password, up to the `@` that ends the userinfo. Neither part
// runs over a quote or a backslash, so a URL quoted inside JSON text keeps its closing quote.
const USERINFO_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/?#"'\\]*):[^\s@/?#"'\\]+@/gi;

// `?name=value` or `&name=value` wherever it stands, in a URL or a query string on its own.
const QUERY_PARAMETER = /([?&;])([^\s=&?#;"'<>\\]+)=([^\s&#;"'<>\\]*)/g;

/**
 * Query parameters that carry credentials, compared case-insensitively: `password`, `pass`,
 * `pwd`, `token`, `key`, `secret`, `signature`, `sig`, `auth`, `code`, `apikey`, names ending in
 * `password`, `token`, `secret` or `signature` (`access_token`, `clientSecret`,
 * `X-Amz-Security-Token`), and names ending in `key`, `pass`, `pwd`, `sig`, `auth` or
 * `credential` after a `_` or `-` (`api_key`, `subscription-key`, `X-Amz-Credential`).
 */
const SECRET_PARAMETER =
  /^(?:pass|pwd|key|sig|auth|code|credentials?|apikey|[\w.-]*(?:password|passwd|token|secret|signature)|[\w.-]*[_-](?:pass|pwd|key|sig|auth|credential))$/i;

/**
 * `text` with the secrets of every URL in it masked: a userinfo password
 * (`postgres://user:pass@host/db` → `postgres://user:***@host/db`) and the values of query
 * parameters that carry credentials (`?password=…`, `&token=…`, `&api_key=…`, …) become `***`.
 * Text without URLs comes back unchanged.
 */
export function maskUrlSecrets(text: string): string {
  if (!text.includes('=') && !text.includes('@')) return text;
  return text
    .replace(USERINFO_PASSWORD, `$1:${URL_SECRET_MASK}@`)
    .replace(QUERY_PARAMETER, (parameter, separator: string, name: string, value: string) =>
      value && SECRET_PARAMETER.test(name) ? `${separator}${name}=${URL_SECRET_MASK}` : parameter,
    );
}
