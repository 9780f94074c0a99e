/**
 * POST /operations/<name>: one route per operation of src/operations, each documented with its own input
 * and answer. The route starts the operation's workflow (its activity runs on the Intercom queue, on the
 * shared rate budget) and waits for it a short while: 200 with the result when it ends in time, else 202
 * with the run to poll (GET /runs/<id>). A write's `Idempotency-Key` is the run's workflow id, so a
 * retried write finds the run it started (running or ended) and answers its outcome, never a second run.
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { findOperation, OPERATIONS, operationNames, RESOURCES, type AnyOperation } from '../../operations';
import { IDEMPOTENCY_KEY_PATTERN, type OperationRunInput } from '../../shared/operations';
import { SYNC_ENTITY, SYNC_KIND } from '../../shared/search-attributes';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { operationWorkflow } from '../../workflows';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

/** The OpenAPI tag of a resource's operations. */
export const operationTag = (resource: string) => `Operations: ${resource}`;

export const OPERATION_TAGS = [
  { name: 'Operations', description: 'Every Intercom operation, run durably on the rate budget.' },
  ...Object.entries(RESOURCES).map(([resource, description]) => ({ name: operationTag(resource), description })),
];

const DEFAULT_WAIT_SECONDS = 10;

const querySchema = z.object({
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(60)
    .default(DEFAULT_WAIT_SECONDS)
    .describe(`Seconds to wait for the result before answering 202 (0–60, default ${DEFAULT_WAIT_SECONDS}).`),
});

const writeHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_PATTERN, '1–200 characters of A-Z a-z 0-9 . _ : @ -')
    .optional()
    .describe(
      'Makes the write happen once: a second request with the same key (while the first runs, or after) ' +
        "answers the first run's outcome. The same key with another input is refused (422).",
    ),
});

const acceptedSchema = z
  .object({
    workflowId: z.string(),
    status: z.literal('RUNNING'),
    run: z.string().describe('GET this path for the status and, once it ended, the result or the failure.'),
  })
  .describe('Still running after the wait: poll the run.');

const catalogSchema = z
  .object({
    operations: z.array(
      z.object({
        name: z.string(),
        resource: z.string(),
        summary: z.string(),
        write: z.boolean().describe('Takes an Idempotency-Key.'),
        route: z.string(),
      }),
    ),
  })
  .describe('Every operation, by name.');

/** A stable fingerprint of an input: the same key with another input is a client bug, refused. */
const fingerprint = (input: unknown): string =>
  createHash('sha256')
    .update(JSON.stringify(input, (_key, value: unknown) => sortKeys(value)))
    .digest('hex')
    .slice(0, 32);

function sortKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

type Outcome = { done: true; result: unknown } | { done: false };

/** The run's result within `seconds`, or not done. (The abandoned wait ends with the run.) */
async function within(handle: WorkflowHandle, seconds: number): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Outcome>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), seconds * 1000);
  });
  const result = handle.result().then((value: unknown): Outcome => ({ done: true, result: value }));
  // A failure after the wait is read from GET /runs; it must not surface as an unhandled rejection.
  result.catch(() => undefined);
  try {
    return await Promise.race([result, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface IntercomDetails {
  status?: number;
  code?: string;
  message?: string;
  requestId?: string;
}

/** A failed run as the caller's answer: Intercom's 4xx as the same status, anything else as a 502. */
function failedRunProblem(error: WorkflowFailedError, workflowId: string): HttpProblem {
  let cause: unknown = error.cause;
  while (cause instanceof Error && !(cause instanceof ApplicationFailure) && cause.cause !== undefined) {
    cause = cause.cause;
  }
  const failure = cause instanceof ApplicationFailure ? cause : undefined;
  const details = (failure?.details?.[0] ?? {}) as IntercomDetails;
  const intercom =
    details.status === undefined
      ? undefined
      : {
          status: details.status,
          code: details.code ?? null,
          message: details.message ?? null,
          request_id: details.requestId ?? null,
        };
  const extensions = { workflowId, run: `/runs/${workflowId}`, ...(intercom ? { intercom } : {}) };
  const reason = failure?.message ?? (cause instanceof Error ? cause.message : String(cause));
  if (failure?.type === 'IntercomRequestError' && intercom !== undefined && intercom.status < 500) {
    return new HttpProblem(intercom.status, `Intercom answered ${intercom.status}: ${details.message ?? reason}`, {
      extensions: { ...extensions, code: intercom.code },
    });
  }
  if (failure?.type === 'IntercomAuthError') {
    return new HttpProblem(502, `Intercom refused the engine's credentials: ${details.message ?? reason}`, {
      extensions,
    });
  }
  return new HttpProblem(502, `the operation failed: ${reason}`, { extensions });
}

function registerOperationRoute(app: Api, ctx: ApiContext, operation: AnyOperation): void {
  // Operations that need no input may be called with no body at all.
  const body = operation.input.safeParse({}).success ? operation.input.nullable() : operation.input;
  app.post(
    `/operations/${operation.name}`,
    {
      schema: {
        summary: operation.summary,
        description:
          (operation.description === undefined ? '' : `${operation.description}\n\n`) +
          `Runs \`${operation.name}\` durably on the Intercom rate budget: 200 with the result when it ends within ` +
          '`wait` seconds, else 202 with the run to poll. An Intercom 4xx answers the same status with ' +
          "Intercom's `code` and message (`intercom`); a 5xx is retried, then 502.",
        tags: [operationTag(operation.resource)],
        security: OPERATOR_SECURITY,
        operationId: operation.name,
        ...(operation.write ? { headers: writeHeaders } : {}),
        querystring: querySchema,
        body,
        response: {
          200: operation.output.describe(`The result of ${operation.name}.`),
          202: acceptedSchema,
          ...problemResponses(400, 401, 404, 409, 422, 502),
        },
      },
    },
    async (request, reply) => {
      const input: unknown = request.body ?? {};
      const key = (request.headers as { 'idempotency-key'?: string })['idempotency-key'];
      const workflowId = workflowIds.operation(ctx.connectorId, operation.name, key ?? randomUUID());
      const inputHash = fingerprint(input);
      const run: OperationRunInput = { operation: operation.name, input };
      let handle: WorkflowHandle<typeof operationWorkflow>;
      try {
        handle = await ctx.temporal.workflow.start<typeof operationWorkflow>(WORKFLOW_TYPES.operation, {
          workflowId,
          taskQueue: ctx.taskQueues.main,
          args: [run],
          // An ended run keeps its key: a retry after it answers its outcome instead of running again.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          memo: { operation: operation.name, inputHash },
          staticSummary: `Operation ${operation.name}`,
          typedSearchAttributes: [
            { key: SYNC_KIND, value: 'operation' },
            { key: SYNC_ENTITY, value: operation.resource },
          ],
        });
      } catch (error) {
        if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        handle = ctx.temporal.workflow.getHandle(workflowId);
        const existing = await handle.describe();
        if (existing.memo?.inputHash !== inputHash) {
          throw new HttpProblem(422, `the Idempotency-Key ${key} was used with another input`, {
            extensions: { workflowId, run: `/runs/${workflowId}` },
          });
        }
        void reply.header('idempotent-replayed', 'true');
      }
      let outcome: Outcome;
      try {
        outcome = await within(handle, request.query.wait);
      } catch (error) {
        if (error instanceof WorkflowFailedError) throw failedRunProblem(error, workflowId);
        throw error;
      }
      if (outcome.done) return reply.code(200).send(outcome.result);
      return reply
        .code(202)
        .header('location', `/runs/${workflowId}`)
        .send({ workflowId, status: 'RUNNING', run: `/runs/${workflowId}` });
    },
  );
}

export function registerOperationRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/operations',
    {
      schema: {
        summary: 'Every operation, by name',
        tags: ['Operations'],
        security: OPERATOR_SECURITY,
        response: { 200: catalogSchema, ...problemResponses(401) },
      },
    },
    () => ({
      operations: OPERATIONS.map((operation) => ({
        name: operation.name,
        resource: operation.resource,
        summary: operation.summary,
        write: operation.write,
        route: `/operations/${operation.name}`,
      })),
    }),
  );
  for (const operation of OPERATIONS) registerOperationRoute(app, ctx, operation);
  // Any other name: 404 naming the ones there are (the static routes above win over this one).
  app.post(
    '/operations/:name',
    {
      schema: {
        summary: 'An operation that does not exist',
        description: 'Answers 404 with the list of operation names (`operations`).',
        tags: ['Operations'],
        security: OPERATOR_SECURITY,
        params: z.object({ name: z.string() }),
        response: {
          204: z.null().describe('Never answered: a name without a route is unknown.'),
          ...problemResponses(401, 404),
        },
      },
    },
    (request) => {
      const { name } = request.params;
      if (findOperation(name) !== undefined) throw new HttpProblem(405, `use POST /operations/${name}`);
      throw new HttpProblem(404, `no operation named ${name}; GET /operations lists them`, {
        extensions: { operations: operationNames() },
      });
    },
  );
}
