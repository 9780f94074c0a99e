import type { FastifyInstance } from 'fastify';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { checkConnectionsWorkflow } from '../../workflows';
import type { ApiContext } from '../context';
import { operatorGuard } from '../operator-auth';

/** Operator actions. Each starts a workflow, so the run is visible and re-drivable in the Temporal UI. */
export function registerActionRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post('/actions/check-connections', { preHandler: operatorGuard(ctx) }, async (_request, reply) => {
    const workflowId = workflowIds.checkConnections(ctx.connectorId, Date.now());
    const report = await ctx.temporal.workflow.execute<typeof checkConnectionsWorkflow>(
      WORKFLOW_TYPES.checkConnections,
      {
        workflowId,
        taskQueue: ctx.taskQueues.main,
        workflowExecutionTimeout: '2 minutes',
      },
    );
    const ok = report.intercom.ok && report.hull.ok;
    return reply.code(ok ? 200 : 502).send({ workflowId, ...report });
  });
}
