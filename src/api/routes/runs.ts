import { WorkflowNotFoundError } from '@temporalio/client';
import { z } from 'zod';
import { describeFailure } from '../../shared/failures';
import { runProgressSchema } from '../../shared/run-progress';
import { runProgressOf } from '../../temporal/run-progress';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY, ownsWorkflow } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import { timestamp } from '../schemas';
import type { Api } from '../types';

const paramsSchema = z.object({
  '*': z
    .string()
    .min(1)
    .meta({ title: 'workflowId', description: "The run's workflow id; its slashes may be sent as they are." }),
});

const runSchema = z
  .object({
    workflowId: z.string(),
    runId: z.string(),
    type: z.string().describe('The workflow type, e.g. fetchAllWorkflow.'),
    status: z.string().describe("Temporal's execution status: RUNNING, COMPLETED, FAILED, ..."),
    startTime: timestamp,
    closeTime: timestamp.nullable(),
    historyLength: z.int(),
    memo: z
      .record(z.string(), z.unknown())
      .describe(
        "What the run publishes while it runs: a fetch run's `progress`, an entity's `lastWrite` or `failures`.",
      ),
    progress: runProgressSchema
      .optional()
      .describe("A fetch run's pages, records, total, rate, time left and what its page activity waits for."),
    result: z.unknown().optional().describe("The run's result, once it completed."),
    failure: z.string().optional().describe('Why the run failed, once it did.'),
  })
  .describe('The run.');

/**
 * GET /runs/<workflow id>: status, progress and outcome of any run (workflow ids contain slashes, so
 * the id is the rest of the path). A fetch run's `progress` is what the workflow recorded after its
 * last page (the memo) and what its page activity is doing and waiting for now (run-progress.ts): it
 * comes from the server alone, so it answers even with no worker up.
 */
export function registerRunRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/runs/*',
    {
      schema: {
        summary: 'Status, progress and outcome of a run',
        tags: ['Runs'],
        security: OPERATOR_SECURITY,
        params: paramsSchema,
        response: { 200: runSchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const workflowId = request.params['*'];
      const notFound = new HttpProblem(404, `no run with id ${workflowId}`);
      if (!ownsWorkflow(ctx, workflowId)) throw notFound;
      const handle = ctx.temporal.workflow.getHandle(workflowId);
      let description;
      try {
        description = await handle.describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) throw notFound;
        throw error;
      }
      const status = description.status.name;
      let result: unknown;
      let failure: string | undefined;
      if (status === 'COMPLETED') result = await handle.result();
      if (status === 'FAILED' || status === 'TERMINATED' || status === 'TIMED_OUT') {
        failure = await handle.result().then(
          () => undefined,
          (error: Error) => describeFailure(error.cause ?? error).reason,
        );
      }
      return {
        workflowId,
        runId: description.runId,
        type: description.type,
        status,
        startTime: description.startTime.toISOString(),
        closeTime: description.closeTime?.toISOString() ?? null,
        historyLength: description.historyLength,
        memo: description.memo ?? {},
        progress: runProgressOf(description),
        result,
        failure,
      };
    },
  );
}
