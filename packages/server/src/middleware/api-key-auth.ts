import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { sendError } from '../error-handler.js';

const BEARER = /^Bearer +(\S+) *$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`; no keys configured means open.
 * Keys are compared as SHA-256 digests with `timingSafeEqual`, against every configured key
 * whatever matched, so neither the key's length nor which key matched shows in the timing. The
 * caller is known afterwards as `res.locals.clientId = "key-<n>"` (for rate limits and logs);
 * the key itself is never stored or logged.
 */
export function apiKeyAuth(keys: readonly string[]): RequestHandler {
  const digests = keys.map(digest);
  return (request, response, next) => {
    if (digests.length === 0) {
      next();
      return;
    }
    const match = BEARER.exec(request.get('authorization') ?? '');
    const given = digest(match?.[1] ?? '');
    let matched = -1;
    digests.forEach((candidate, index) => {
      if (timingSafeEqual(candidate, given) && matched < 0) matched = index;
    });
    if (!match || matched < 0) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="ragship"');
      sendError(
        response,
        'UNAUTHORIZED',
        match ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.',
      );
      return;
    }
    response.locals.clientId = `key-${matched + 1}`;
    next();
  };
}
