import cors from 'cors';
import type { RequestHandler } from 'express';

/**
 * CORS for the configured browser origins (`*` for any); none configured: no CORS headers, so
 * browsers on other origins cannot read responses. Authorization is allowed as a request header
 * and X-Index-Version / X-Request-Id are exposed to scripts.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  if (origins.length === 0) return (_request, _response, next) => next();
  return cors({
    origin: origins.includes('*') ? '*' : [...origins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Request-Id'],
    exposedHeaders: ['X-Index-Version', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}
