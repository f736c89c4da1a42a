import type { FastifyInstance } from 'fastify';
import type { OperationMetrics } from './operation-metrics';

/**
 * Counts every answer by method, route pattern and status. The route is Fastify's pattern
 * (`/v1/subjects/:subjectId/data-map`), never the URL: ids stay out of labels, and a scan of
 * random paths adds one series ("unmatched"), not one per path.
 */
export function meterHttp(fastify: FastifyInstance, metrics: OperationMetrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.httpAnswered(request.method, request.routeOptions?.url ?? 'unmatched', reply.statusCode, reply.elapsedTime / 1000);
    done();
  });
}
