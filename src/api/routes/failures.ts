import { z } from 'zod';
import type { FailureRecord, KeptFailure } from '../../shared/failures';
import type { FetchProgress } from '../../shared/fetch';
import { failuresWithWorkQuery } from '../../shared/queries';
import { SYNC_STATUS } from '../../shared/search-attributes';
import { retryFailuresSignal } from '../../shared/signals';
import { workflowIds } from '../../shared/workflow-ids';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY, ownsWorkflow } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import { requestSchema, timestamp } from '../schemas';
import type { Api } from '../types';

const RECENT_RUNS_MS = 24 * 60 * 60 * 1000;
const PAYLOAD_QUERY_MS = 10_000;

const failureSchema = z.object({
  key: z.string().describe('The unit of work: a Hull user or account id, an Intercom notification id.'),
  what: z.string().describe('What failed, e.g. `Hull user 5aa7… → Intercom`.'),
  reason: z.string().describe("The reason, with Intercom's or Hull's own message."),
  errorType: z.string().optional().describe('e.g. IntercomRequestError, HullError, InvalidData.'),
  status: z.int().optional().describe('The HTTP status of the refused request.'),
  code: z.string().optional().describe("Intercom's error code, e.g. `not_found`, `parameter_invalid`."),
  since: timestamp.describe('When the work failed (its latest attempt).'),
  payload: z
    .unknown()
    .optional()
    .describe(
      'With `include=payload`: the kept work (the Hull message or Intercom notification) a re-drive does again.',
    ),
});

const failedWorkflowSchema = z.object({
  workflowId: z.string(),
  entity: z.string().describe('Which entity, e.g. `hull-user/<id>` or `intercom-contact/<id>`.'),
  type: z.string(),
  failures: z.array(failureSchema),
  retry: requestSchema.describe('The exact request that re-drives this workflow.'),
  payloadError: z.string().optional().describe('Why the payload could not be read (it needs a running worker).'),
});

const failedRunSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  closeTime: timestamp.optional(),
  reason: z.string(),
  retry: requestSchema.optional().describe('For a fetch-all; an incremental run is retried by its next scheduled run.'),
});

const failuresSchema = z
  .object({
    count: z.int().describe('How many units of work failed, over every workflow.'),
    workflows: z.array(failedWorkflowSchema),
    runs: z.array(failedRunSchema).describe('Fetch runs that failed in the last 24 hours.'),
    retryAll: requestSchema.describe('The exact request that re-drives every failed workflow.'),
  })
  .describe('The failures, compact; the kept work only with `include=payload`.');

const querySchema = z.object({
  include: z
    .enum(['payload'])
    .optional()
    .describe("`payload` adds each failure's kept work, read from its workflow (needs a running worker)."),
});

const retryBodySchema = z
  .object({ workflowId: z.string().min(1).optional().describe('Only this workflow; all of them when absent.') })
  .strict()
  .default({});

const retryRequest = (workflowId?: string) => ({
  method: 'POST',
  path: '/failures/retry',
  body: workflowId === undefined ? {} : { workflowId },
});

const compact = ({ key, what, reason, errorType, status, code, at }: FailureRecord) => ({
  key,
  what,
  reason,
  errorType,
  status,
  code,
  since: at,
});

/**
 * GET /failures lists every entity whose work failed for good (status `failed`), compactly: what,
 * why (Intercom's status and code), since when, and the exact request that re-drives it; the kept
 * work itself only with `?include=payload`. Failed fetch runs of the last day are under `runs`.
 * POST /failures/retry re-drives them all, or one (`{"workflowId": ...}`), once the cause is fixed.
 */
export function registerFailureRoutes(app: Api, ctx: ApiContext): void {
  const log = app.log;
  /** From the memo, so the list answers with no worker up. */
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

  /** The kept failures with their work, from the workflow itself (a query: a worker must be running). */
  async function withPayloads(workflowId: string, listed: FailureRecord[]) {
    try {
      const handle = ctx.temporal.workflow.getHandle(workflowId);
      // A query waits for a worker: without one, answer with the memo's copy rather than hang.
      const kept = await ctx.temporal.withDeadline(Date.now() + PAYLOAD_QUERY_MS, () =>
        handle.query(failuresWithWorkQuery),
      );
      return {
        failures: kept.map(({ work, ...record }: KeptFailure<unknown>) => ({ ...compact(record), payload: work })),
      };
    } catch (error) {
      log.warn({ err: error, workflowId }, 'could not read the kept work of a failed workflow');
      return {
        failures: listed.map(compact),
        payloadError:
          'the workflow did not answer (its kept work needs a running worker); the failures are from its memo',
      };
    }
  }

  /** Fetch runs that failed in the last day: re-driven by the next scheduled run or a new fetch-all. */
  async function failedRuns() {
    const found: Array<z.input<typeof failedRunSchema>> = [];
    const since = new Date(Date.now() - RECENT_RUNS_MS).toISOString();
    const query = `${SYNC_STATUS.name} = "failed" AND ExecutionStatus = "Failed" AND CloseTime > "${since}"`;
    for await (const execution of ctx.temporal.workflow.list({ query })) {
      if (!ownsWorkflow(ctx, execution.workflowId)) continue;
      const progress = execution.memo?.progress as FetchProgress | undefined;
      const isFetchAll =
        progress !== undefined && execution.workflowId === workflowIds.fetchAll(ctx.connectorId, progress.entity);
      found.push({
        workflowId: execution.workflowId,
        runId: execution.runId,
        type: execution.type,
        closeTime: execution.closeTime?.toISOString(),
        reason: progress?.failed ?? 'failed (no reason recorded)',
        retry: isFetchAll ? { method: 'POST', path: `/actions/fetch-all/${progress.entity}` } : undefined,
      });
    }
    return found;
  }

  app.get(
    '/failures',
    {
      schema: {
        summary: 'Work that failed for good, and how to re-drive it',
        tags: ['Failures'],
        security: OPERATOR_SECURITY,
        querystring: querySchema,
        response: { 200: failuresSchema, ...problemResponses(400, 401) },
      },
    },
    async (request) => {
      const [listed, runs] = await Promise.all([failedWorkflows(), failedRuns()]);
      const workflows = await Promise.all(
        listed.map(async ({ workflowId, type, failures }) => ({
          workflowId,
          entity: workflowIds.withinConnector(ctx.connectorId, workflowId),
          type,
          ...(request.query.include === 'payload'
            ? await withPayloads(workflowId, failures)
            : { failures: failures.map(compact) }),
          retry: retryRequest(workflowId),
        })),
      );
      return {
        count: workflows.reduce((n, w) => n + w.failures.length, 0),
        workflows,
        runs,
        retryAll: retryRequest(),
      };
    },
  );

  app.post(
    '/failures/retry',
    {
      schema: {
        summary: 'Re-drive failed work, once the cause is fixed',
        description: 'Signals every failed workflow (or the one named) to do its kept work again.',
        tags: ['Failures'],
        security: OPERATOR_SECURITY,
        body: retryBodySchema.nullish(),
        response: {
          202: z
            .object({ retried: z.array(z.string()).describe('The workflows signalled.') })
            .describe('Signalled: each workflow does its kept work again.'),
          ...problemResponses(400, 401, 404, 415),
        },
      },
    },
    async (request, reply) => {
      const workflowId = request.body?.workflowId;
      if (workflowId !== undefined && !ownsWorkflow(ctx, workflowId)) {
        throw new HttpProblem(404, `no workflow ${workflowId} belongs to this connector`);
      }
      const targets = workflowId !== undefined ? [workflowId] : (await failedWorkflows()).map((w) => w.workflowId);
      for (const target of targets) await ctx.temporal.workflow.getHandle(target).signal(retryFailuresSignal);
      return reply.code(202).send({ retried: targets });
    },
  );
}
