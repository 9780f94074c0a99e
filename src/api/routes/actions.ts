import { z } from 'zod';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { ConnectionReport } from '../../shared/inputs';
import type { checkConnectionsWorkflow } from '../../workflows';
import { signalConnections } from '../operator-status';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

const failedCheck = z.object({ ok: z.literal(false), error: z.string() });
const connectionReportSchema = z
  .object({
    workflowId: z.string(),
    intercom: z.union([
      z.object({
        ok: z.literal(true),
        workspaceId: z.string(),
        name: z.string().nullable(),
        region: z.string().nullable(),
      }),
      failedCheck,
    ]),
    hull: z.union([
      z.object({ ok: z.literal(true), connectorId: z.string(), name: z.string().nullable() }),
      failedCheck,
    ]),
  })
  .describe('Both sides accepted the credentials.');

/** An operator's check updates what the operator page shows at once (the status workflow checks every few minutes). */
async function recordCheck(ctx: ApiContext, report: ConnectionReport): Promise<void> {
  const checkedAt = Date.now();
  await signalConnections(ctx, {
    intercom: report.intercom.ok
      ? {
          ok: true,
          checkedAt,
          details: {
            workspaceId: report.intercom.workspaceId,
            name: report.intercom.name,
            region: report.intercom.region,
          },
        }
      : { ok: false, checkedAt, error: report.intercom.error },
    hull: report.hull.ok
      ? { ok: true, checkedAt, details: { connectorId: report.hull.connectorId, name: report.hull.name } }
      : { ok: false, checkedAt, error: report.hull.error },
  });
}

/** Operator actions. Each starts a workflow, so the run is visible and re-drivable in the Temporal UI. */
export function registerActionRoutes(app: Api, ctx: ApiContext): void {
  app.post(
    '/actions/check-connections',
    {
      schema: {
        summary: 'Check the Intercom token and the Hull credentials',
        description:
          'Runs the credentials check as a workflow and waits for it. 502 (problem details with the same ' +
          '`workflowId`, `intercom` and `hull` members) when either side refuses.',
        tags: ['Actions'],
        security: OPERATOR_SECURITY,
        response: { 200: connectionReportSchema, ...problemResponses(401, 502) },
      },
    },
    async () => {
      const workflowId = workflowIds.checkConnections(ctx.connectorId, Date.now());
      const report = await ctx.temporal.workflow.execute<typeof checkConnectionsWorkflow>(
        WORKFLOW_TYPES.checkConnections,
        {
          workflowId,
          taskQueue: ctx.taskQueues.main,
          workflowExecutionTimeout: '2 minutes',
        },
      );
      await recordCheck(ctx, report);
      if (report.intercom.ok && report.hull.ok) return { workflowId, ...report };
      const refused = [!report.intercom.ok && 'Intercom', !report.hull.ok && 'Hull'].filter(Boolean).join(' and ');
      throw new HttpProblem(502, `${refused} refused the connection check`, { extensions: { workflowId, ...report } });
    },
  );
}
