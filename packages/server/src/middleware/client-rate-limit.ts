import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { sendError } from '../error-handler.js';

/**
 * At most `requestsPerMinute` requests per client in a fixed one-minute window, the client being
 * the API key (`res.locals.clientId`, set by {@link apiKeyAuth}) or else the peer IP (IPv6 by
 * /56). Over the limit: 429 with `Retry-After` and `RateLimit` headers. 0 turns it off.
 * Counters live in this process: behind several replicas each enforces its own share.
 */
export function clientRateLimit(requestsPerMinute: number): RequestHandler {
  if (requestsPerMinute <= 0) return (_request, _response, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (request, response) =>
      typeof response.locals.clientId === 'string'
        ? response.locals.clientId
        : ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown'),
    handler: (_request, response) => {
      const retryAfter = String(response.getHeader('Retry-After') ?? 60);
      sendError(
        response,
        'RATE_LIMITED',
        `Too many requests: the limit is ${requestsPerMinute} per minute. Retry after ${retryAfter} s.`,
      );
    },
  });
}
