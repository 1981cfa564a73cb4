import { MAX_REDIRECTS, type FetchOutcome } from './site-fetcher.js';

/** An outcome other than a body, in words for a message. */
export function describeFetchOutcome(outcome: FetchOutcome): string {
  switch (outcome.kind) {
    case 'http-error':
      return `the server answered HTTP ${outcome.status}`;
    case 'network-error':
      return `no answer (${outcome.message})`;
    case 'redirect-out-of-scope':
      return `it redirects outside the source, to ${outcome.location}`;
    case 'unsupported-type':
      return `content type ${outcome.mediaType || '(none)'} is not one the loaders read`;
    case 'too-many-redirects':
      return `more than ${MAX_REDIRECTS} redirects in a row`;
    case 'too-large':
      return `larger than maxFileBytes${outcome.bytes === undefined ? '' : ` (${outcome.bytes} bytes)`}`;
    default:
      return outcome.kind;
  }
}
