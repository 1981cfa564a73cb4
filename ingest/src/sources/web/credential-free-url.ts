import { maskUrlSecrets } from '@ragship/core';

/**
 * `url` as it may be logged, recorded and shown: without its user name, password, fragment and
 * credential query parameters (those `maskUrlSecrets` masks: `token`, `api_key`, `X-Amz-Signature`,
 * …). Pages are told apart by this form, so the start URL with its token and a link to the same
 * page without it are one page.
 */
export function credentialFreeUrl(url: URL): string {
  const copy = withoutUserInfo(url);
  const secrets = [...copy.searchParams.keys()].filter(isCredentialParameter);
  for (const name of secrets) copy.searchParams.delete(name);
  return copy.href;
}

/** Whether `maskUrlSecrets` takes a query parameter of this name for a credential (asked, so both agree). */
function isCredentialParameter(name: string): boolean {
  const probe = `?${encodeURIComponent(name)}=x`;
  return maskUrlSecrets(probe) !== probe;
}

/**
 * The `Authorization` header a URL's user name and password stand for (`https://user:pass@host/` →
 * HTTP Basic), or undefined when it has none. Fetch refuses URLs with credentials, so they travel
 * in this header instead, and only to the URL's own origin.
 */
export function basicAuthorization(url: URL): string | undefined {
  if (url.username === '' && url.password === '') return undefined;
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/** `url` without user name and password, as fetch accepts it; its query (a token, say) stays. */
export function withoutUserInfo(url: URL): URL {
  const copy = new URL(url);
  copy.username = '';
  copy.password = '';
  copy.hash = '';
  return copy;
}
