import type { FastifyInstance } from 'fastify';
import { isTemporalReachable } from '../../temporal/connection';
import type { ApiContext } from '../context';

/** GET /health: 200 when Temporal answers, 503 otherwise (load balancers and `npm start` users check it). */
export function registerHealthRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const startedAt = Date.now();
  app.get('/health', async (_request, reply) => {
    const connected = await isTemporalReachable(ctx.temporal);
    return reply.code(connected ? 200 : 503).send({
      status: connected ? 'ok' : 'degraded',
      mode: ctx.mode,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      temporal: {
        connected,
        namespace: ctx.temporal.options.namespace,
        taskQueue: ctx.taskQueues.main,
      },
    });
  });
}
