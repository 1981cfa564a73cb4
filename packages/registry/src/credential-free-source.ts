import { maskUrlSecrets } from '@ragship/core';

// `scheme://…@`: a URL's userinfo, everything of its authority up to the last `@` in it.
const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i;

/**
 * `source` as it may be stored and shown: a URL's user name and password taken out
 * (`git+https://bot:t0ken@git.example.com/wiki.git` → `git+https://git.example.com/wiki.git`) and
 * the values of its credential query parameters masked (`?X-Amz-Signature=…` → `***`, see
 * `maskUrlSecrets`). A directory comes back unchanged.
 */
export function credentialFreeSource(source: string): string {
  return maskUrlSecrets(source.replace(USERINFO, '$1'));
}
