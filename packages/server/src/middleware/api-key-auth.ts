import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { ApiKey } from '@ragship/core';
import { ANONYMOUS, type Caller } from '../caller.js';
import { sendError } from '../error-handler.js';

const BEARER = /^Bearer +(\S+) *$/i;

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`; no keys configured means open (the
 * caller is {@link ANONYMOUS}). Keys are compared as SHA-256 digests with `timingSafeEqual`,
 * against every configured key whatever matched, so neither the key's length nor which key matched
 * shows in the timing. The caller is known afterwards as `res.locals.caller` (see {@link callerOf})
 * and `res.locals.clientId = "key-<n>"` (for rate limits and logs); the key itself is never stored
 * or logged.
 */
export function apiKeyAuth(keys: readonly ApiKey[]): RequestHandler {
  const digests = keys.map((key) => digest(key.key));
  return (request, response, next) => {
    if (digests.length === 0) {
      response.locals.caller = ANONYMOUS;
      next();
      return;
    }
    const match = BEARER.exec(request.get('authorization') ?? '');
    const given = digest(match?.[1] ?? '');
    let matched = -1;
    digests.forEach((candidate, index) => {
      if (timingSafeEqual(candidate, given) && matched < 0) matched = index;
    });
    const key = keys[matched];
    if (!match || !key) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="ragship"');
      sendError(
        response,
        'UNAUTHORIZED',
        match ? 'The API key is not valid.' : 'An API key is required: send Authorization: Bearer <key>.',
      );
      return;
    }
    response.locals.clientId = `key-${matched + 1}`;
    response.locals.caller = { name: key.name, role: key.role, kbs: key.kbs } satisfies Caller;
    next();
  };
}
