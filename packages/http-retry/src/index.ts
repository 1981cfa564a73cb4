export { withRetry, type RetryOptions, type RetryEvent } from './with-retry.js';
export { retryingFetch } from './retrying-fetch.js';
export { parseRetryAfter } from './parse-retry-after.js';
