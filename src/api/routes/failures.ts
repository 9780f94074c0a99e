import type { FastifyInstance } from 'fastify';
import { firstIssue } from '../../config/issues';
import { z } from 'zod';
import type { FailureRecord } from '../../shared/failures';
import type { FetchProgress } from '../../shared/fetch';
import { SYNC_STATUS } from '../../shared/search-attributes';
import { retryFailuresSignal } from '../../shared/signals';
import type { ApiContext } from '../context';
import { operatorGuard, ownsWorkflow } from '../operator-auth';

const RECENT_RUNS_MS = 24 * 60 * 60 * 1000;

const retryBody = z
  .object({ workflowId: z.string().min(1).optional() })
  .strict()
  .default({});

/**
 * GET /failures lists every entity whose work failed for good (status `failed`), with the reasons;
 * failed fetch runs of the last day are listed under `runs`;
 * POST /failures/retry re-drives them all, or one (`{"workflowId": ...}`), once the cause is fixed.
 */
export function registerFailureRoutes(app: FastifyInstance, ctx: ApiContext): void {
  async function failedWorkflows() {
    const found: Array<{ workflowId: string; type: string; failures: FailureRecord[] }> = [];
    const query = `${SYNC_STATUS.name} = "failed" AND ExecutionStatus = "Running"`;
    for await (const execution of ctx.temporal.workflow.list({ query })) {
      if (!ownsWorkflow(ctx, execution.workflowId)) continue;
      const failures = (execution.memo?.failures as FailureRecord[] | undefined) ?? [];
      found.push({ workflowId: execution.workflowId, type: execution.type, failures });
    }
    return found;
  }

  /** Fetch runs that failed in the last day: re-driven by the next scheduled run or a new POST /fetch-all. */
  async function failedRuns() {
    const found: Array<{ workflowId: string; runId: string; type: string; closeTime?: string; reason: string }> = [];
    const since = new Date(Date.now() - RECENT_RUNS_MS).toISOString();
    const query = `${SYNC_STATUS.name} = "failed" AND ExecutionStatus = "Failed" AND CloseTime > "${since}"`;
    for await (const execution of ctx.temporal.workflow.list({ query })) {
      if (!ownsWorkflow(ctx, execution.workflowId)) continue;
      const progress = execution.memo?.progress as FetchProgress | undefined;
      found.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        type: execution.type,
        closeTime: execution.closeTime?.toISOString(),
        reason: progress?.failed ?? 'failed (no reason recorded)',
      });
    }
    return found;
  }

  const guard = { preHandler: operatorGuard(ctx) };

  app.get('/failures', guard, async () => {
    const [workflows, runs] = await Promise.all([failedWorkflows(), failedRuns()]);
    return { count: workflows.reduce((n, w) => n + w.failures.length, 0), workflows, runs };
  });

  app.post('/failures/retry', guard, async (request, reply) => {
    const parsed = retryBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      return reply
        .code(400)
        .send({ error: `expected {} or {"workflowId": "<id>"}: ${firstIssue(parsed.error, 'body')}` });
    }
    if (parsed.data.workflowId !== undefined && !ownsWorkflow(ctx, parsed.data.workflowId)) {
      return reply.code(404).send({ error: `no workflow ${parsed.data.workflowId} belongs to this connector` });
    }
    const targets = parsed.data.workflowId
      ? [parsed.data.workflowId]
      : (await failedWorkflows()).map((workflow) => workflow.workflowId);
    for (const workflowId of targets) await ctx.temporal.workflow.getHandle(workflowId).signal(retryFailuresSignal);
    return reply.code(202).send({ retried: targets });
  });
}
