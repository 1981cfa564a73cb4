import type { Request, RequestHandler, Response } from 'express';
import { ipKeyGenerator, MemoryStore, rateLimit, type Store } from 'express-rate-limit';
import type { Logger } from 'pino';
import { errorMessage } from '@ragship/core';
import { sendError } from '../error-handler.js';

const MINUTE = 60_000;

/** Where a limiter counts: this process's memory, or a store shared by every replica (see `SharedCounters`). */
export interface LimiterOptions {
  /** Default: a new in-memory store, so each replica enforces its own share. */
  store?: Store | undefined;
  logger: Logger;
}

/** The client's address as Express sees it (`api.trustProxy` decides whether a proxy's X-Forwarded-For counts), IPv6 by /56. */
function clientAddress(request: Request): string {
  return ipKeyGenerator(request.ip ?? request.socket.remoteAddress ?? 'unknown');
}

/** Answers 429 `RATE_LIMITED` with `Retry-After` (whole seconds until `resetTime`) and `message`. */
function tooMany(response: Response, resetTime: Date | undefined, message: (retryAfter: number) => string): void {
  const retryAfter = Math.max(1, Math.ceil(((resetTime?.getTime() ?? Date.now() + MINUTE) - Date.now()) / 1000));
  response.setHeader('Retry-After', String(retryAfter));
  sendError(response, 'RATE_LIMITED', message(retryAfter));
}

/**
 * At most `requestsPerMinute` requests per client in a fixed one-minute window, the client being
 * the API key (`res.locals.clientId`, set by `apiKeyAuth`) or else the client address. Over the
 * limit: 429 with `Retry-After` and `RateLimit` headers. 0 turns it off. When the store fails
 * (shared counters unreachable), requests pass.
 */
export function clientRateLimit(requestsPerMinute: number, options: LimiterOptions): RequestHandler {
  if (requestsPerMinute <= 0) return (_request, _response, next) => next();
  return rateLimit({
    windowMs: MINUTE,
    limit: requestsPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.store ? { store: options.store } : {}),
    passOnStoreError: true,
    // A counters outage is reported once by the shared counters; per request it is a debug line.
    logger: {
      error: (error) => options.logger.debug({ err: errorMessage(error) }, 'rate limit not counted'),
      warn: () => undefined,
    },
    keyGenerator: (request, response) =>
      typeof response.locals.clientId === 'string' ? response.locals.clientId : clientAddress(request),
    handler: (request, response) => {
      const { resetTime } = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit ?? {};
      tooMany(
        response,
        resetTime,
        (retryAfter) => `Too many requests: the limit is ${requestsPerMinute} per minute. Retry after ${retryAfter} s.`,
      );
    },
  });
}

/**
 * At most `perMinute` failed API key attempts (answers 401) per client address in a fixed
 * one-minute window; past it, every request from that address answers 429 — with the right key
 * too, so guessing gets no signal — until the window ends. Runs before the key is checked, and
 * only 401s count, so a client with a valid key never uses up its budget however fast it goes.
 * 0 turns it off. When the store fails, requests pass.
 */
export function failedKeyLimit(perMinute: number, options: LimiterOptions): RequestHandler {
  if (perMinute <= 0) return (_request, _response, next) => next();
  const store = options.store ?? new MemoryStore();
  void store.init?.({ windowMs: MINUTE } as Parameters<NonNullable<Store['init']>>[0]);
  const failed = (error: unknown) =>
    options.logger.debug({ err: errorMessage(error) }, 'failed key attempt not counted');
  return async (request, response, next) => {
    const client = clientAddress(request);
    const counted = await Promise.resolve(store.get?.(client)).catch((error: unknown) => failed(error));
    if (counted && counted.totalHits >= perMinute) {
      tooMany(
        response,
        counted.resetTime,
        (retryAfter) =>
          `Too many failed API key attempts from this address: the limit is ${perMinute} per minute. ` +
          `Retry after ${retryAfter} s.`,
      );
      return;
    }
    response.on('finish', () => {
      if (response.statusCode === 401) Promise.resolve(store.increment(client)).catch(failed);
    });
    next();
  };
}
