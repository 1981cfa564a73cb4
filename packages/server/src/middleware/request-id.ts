import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** What an incoming `X-Request-Id` may be to be kept: short, and safe in logs and headers. */
const REQUEST_ID = /^[\w.-]{1,128}$/;

/**
 * Gives every request an id — the caller's `X-Request-Id` when it is a safe one, else a new UUID —
 * as `res.locals.requestId` and the `X-Request-Id` response header: error bodies and log lines carry it.
 */
export const requestId: RequestHandler = (request, response, next) => {
  const incoming = request.get('x-request-id');
  const id = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  response.locals.requestId = id;
  response.setHeader('X-Request-Id', id);
  next();
};
