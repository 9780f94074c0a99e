import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { FETCH_ENTITIES, type FetchEntity } from '../../shared/fetch';
import { SYNC_ENTITY, SYNC_KIND } from '../../shared/search-attributes';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { fetchAllWorkflow } from '../../workflows';
import type { ApiContext } from '../context';
import { operatorGuard } from '../operator-auth';

/**
 * POST /actions/fetch-all/:entity starts the durable fetch-all of users, leads or companies: 202 with
 * the workflow id, or 409 with the running one's ids (one fetch-all per entity at a time).
 */
export function registerFetchAllRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.post<{ Params: { entity: string } }>(
    '/actions/fetch-all/:entity',
    { preHandler: operatorGuard(ctx) },
    async (request, reply) => {
      const entity = request.params.entity as FetchEntity;
      if (!FETCH_ENTITIES.includes(entity)) {
        return reply
          .code(400)
          .send({ error: `unknown entity "${request.params.entity}": expected users, leads or companies` });
      }
      const workflowId = workflowIds.fetchAll(ctx.connectorId, entity);
      try {
        const handle = await ctx.temporal.workflow.start<typeof fetchAllWorkflow>(WORKFLOW_TYPES.fetchAll, {
          workflowId,
          taskQueue: ctx.taskQueues.main,
          args: [{ entity }],
          workflowIdConflictPolicy: 'FAIL',
          staticSummary: `Fetch all ${entity} from Intercom into Hull`,
          typedSearchAttributes: [
            { key: SYNC_KIND, value: 'fetch-all' },
            { key: SYNC_ENTITY, value: entity },
          ],
        });
        return reply.code(202).send({ workflowId, runId: handle.firstExecutionRunId, status: `/runs/${workflowId}` });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        const running = await ctx.temporal.workflow.getHandle(workflowId).describe();
        return reply.code(409).send({
          error: `a fetch-all of ${entity} is already running`,
          workflowId,
          runId: running.runId,
          status: `/runs/${workflowId}`,
        });
      }
    },
  );
}
