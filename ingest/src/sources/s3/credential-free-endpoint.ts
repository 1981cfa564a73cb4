/** `endpoint` without user info, query or fragment, and without a trailing `/`: safe to record and quote. */
export function credentialFreeEndpoint(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, '');
}
