import { WorkflowNotFoundError } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { describeFailure } from '../../shared/failures';
import { runProgressOf } from '../../temporal/run-progress';
import type { ApiContext } from '../context';
import { operatorGuard, ownsWorkflow } from '../operator-auth';

/**
 * GET /runs/<workflow id>: status, progress and outcome of any run (workflow ids contain slashes, so
 * the id is the rest of the path). A fetch run's `progress` is what the workflow recorded after its
 * last page (the memo) and what its page activity is doing and waiting for now (run-progress.ts): it
 * comes from the server alone, so it answers even with no worker up.
 */
export function registerRunRoutes(app: FastifyInstance, ctx: ApiContext): void {
  app.get<{ Params: { '*': string } }>('/runs/*', { preHandler: operatorGuard(ctx) }, async (request, reply) => {
    const workflowId = request.params['*'];
    if (!ownsWorkflow(ctx, workflowId)) return reply.code(404).send({ error: `no run with id ${workflowId}` });
    const handle = ctx.temporal.workflow.getHandle(workflowId);
    let description;
    try {
      description = await handle.describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        return reply.code(404).send({ error: `no run with id ${workflowId}` });
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
    return reply.send({
      workflowId,
      runId: description.runId,
      type: description.type,
      status,
      startTime: description.startTime,
      closeTime: description.closeTime ?? null,
      historyLength: description.historyLength,
      memo: description.memo ?? {},
      progress: runProgressOf(description),
      result,
      failure,
    });
  });
}
