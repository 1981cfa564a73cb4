import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One structured log line per finished request: method, route path, status, duration, request
 * id, client (`key-<n>` or IP) and the index version that answered. Headers and bodies are
 * never logged, so neither are API keys or questions. Health probes and metrics scrapes log at
 * debug.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    response.on('finish', () => {
      const quiet = request.path === '/healthz' || request.path === '/readyz' || request.path === '/metrics';
      const entry = {
        requestId: response.locals.requestId as string | undefined,
        method: request.method,
        path: request.path.slice(0, 200),
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
        client: (response.locals.clientId as string | undefined) ?? request.ip,
        indexVersion: response.getHeader('X-Index-Version'),
      };
      if (quiet) logger.debug(entry, 'request');
      else logger.info(entry, 'request');
    });
    next();
  };
}
