import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** A Prometheus registry with process metrics and a request-duration histogram. */
export function createHttpMetrics(): { registry: Registry; middleware: RequestHandler } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ragship_' });
  const duration = new Histogram({
    name: 'ragship_http_request_duration_seconds',
    help: 'HTTP request latency by route, status and served index version.',
    labelNames: ['method', 'route', 'status', 'index_version'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const middleware: RequestHandler = (request, response, next) => {
    const stop = duration.startTimer();
    response.on('finish', () => {
      const route = (request.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const indexVersion = response.getHeader('X-Index-Version');
      stop({
        method: request.method,
        route,
        status: String(response.statusCode),
        index_version: typeof indexVersion === 'string' ? indexVersion : '',
      });
    });
    next();
  };
  return { registry, middleware };
}
