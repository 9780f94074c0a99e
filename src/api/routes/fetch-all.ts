import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { z } from 'zod';
import { FETCH_ENTITIES, type FetchEntity } from '../../shared/fetch';
import { SYNC_ENTITY, SYNC_KIND } from '../../shared/search-attributes';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { fetchAllWorkflow } from '../../workflows';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

const paramsSchema = z.object({
  entity: z.enum(FETCH_ENTITIES as [FetchEntity, ...FetchEntity[]], {
    error: (issue) => `unknown entity ${JSON.stringify(issue.input)}: expected users, leads or companies`,
  }),
});

const startedSchema = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    status: z.string().describe('Where to follow the run: GET this path.'),
  })
  .describe('The run started.');

/**
 * POST /actions/fetch-all/:entity starts the durable fetch-all of users, leads or companies: 202 with
 * the workflow id, or 409 with the running one's ids (one fetch-all per entity at a time).
 */
export function registerFetchAllRoutes(app: Api, ctx: ApiContext): void {
  app.post(
    '/actions/fetch-all/:entity',
    {
      schema: {
        summary: 'Fetch every Intercom user, lead or company into Hull',
        description:
          "Starts the durable fetch-all of one entity. 409 (problem details with the running run's `workflowId`, " +
          '`runId` and `status`) while one is running.',
        tags: ['Actions'],
        security: OPERATOR_SECURITY,
        params: paramsSchema,
        response: { 202: startedSchema, ...problemResponses(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const { entity } = request.params;
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
        throw new HttpProblem(409, `a fetch-all of ${entity} is already running`, {
          extensions: { workflowId, runId: running.runId, status: `/runs/${workflowId}` },
        });
      }
    },
  );
}
