import { z } from 'zod';
import { isTemporalReachable } from '../../temporal/connection';
import type { ApiContext } from '../context';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

const temporalSchema = z.object({ connected: z.boolean(), namespace: z.string(), taskQueue: z.string() });

const healthSchema = z
  .object({
    status: z.literal('ok'),
    mode: z.enum(['sandbox', 'live']),
    uptimeSeconds: z.int().min(0),
    temporal: temporalSchema,
  })
  .describe('The API and Temporal answer.');

/** GET /health: 200 when Temporal answers, 503 otherwise (load balancers and `npm start` users check it). */
export function registerHealthRoutes(app: Api, ctx: ApiContext): void {
  const startedAt = Date.now();
  app.get(
    '/health',
    {
      schema: {
        summary: 'Whether the API and Temporal answer',
        description:
          '503 (problem details with the same `mode`, `uptimeSeconds` and `temporal` members) when Temporal does not answer.',
        tags: ['Health'],
        response: { 200: healthSchema, ...problemResponses(503) },
      },
    },
    async () => {
      const connected = await isTemporalReachable(ctx.temporal);
      const report = {
        mode: ctx.mode,
        uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
        temporal: { connected, namespace: ctx.temporal.options.namespace, taskQueue: ctx.taskQueues.main },
      };
      if (!connected) throw new HttpProblem(503, 'Temporal does not answer', { extensions: report });
      return { status: 'ok' as const, ...report };
    },
  );
}
