import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { z } from 'zod';
import { isValidIntercomSignature } from '../../intercom/webhook-signature';
import { tableTopicOf } from '../../sync/incoming/topics';
import {
  intercomNotificationSchema,
  planNotification,
  type EntityNotification,
} from '../../sync/incoming/webhook-notification';
import { SYNC_ENTITY, SYNC_KIND } from '../../shared/search-attributes';
import { intercomNotificationSignal } from '../../shared/signals';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { intercomEntityWorkflow } from '../../workflows';
import { intakeLimits, type ApiContext } from '../context';
import { AggregatedWarnings, MAX_JSON_DEPTH, nestsDeeperThan, requireJsonContentType } from '../intake';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

const signatureHeaders = z.looseObject({
  'x-hub-signature': z
    .string()
    .describe(
      "`sha1=` and the hex HMAC-SHA1 of the raw body, keyed with the app's client secret (INTERCOM_CLIENT_SECRET).",
    ),
});

const answerSchema = z
  .union([
    z.object({
      accepted: z.literal(true),
      workflowIds: z.array(z.string()).describe('The entity workflows signalled.'),
    }),
    z.object({
      accepted: z.literal(false),
      ignored: z.string().describe('Why nothing was done (a ping, a topic not taken, ...).'),
    }),
  ])
  .describe('Received: handed to Temporal, or ignored with the reason.');

/** How long a webhook may wait for the connected workspace's id (read from Intercom at start). */
const WORKSPACE_WAIT_MS = 1_500;
/** Temporal gets this long to take a webhook's notifications: Intercom waits 5 s for the answer, then retries. */
const HAND_OVER_DEADLINE_MS = 4_000;

/** The webhook's JSON once its signature is verified on the raw bytes; throws the 401 or 400 otherwise. */
function verifiedJson(ctx: ApiContext, request: FastifyRequest, refusals: AggregatedWarnings): unknown {
  const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  const secret = ctx.intercomClientSecret?.reveal();
  if (secret === undefined) {
    throw new HttpProblem(401, 'webhook signatures cannot be verified: INTERCOM_CLIENT_SECRET is not configured');
  }
  if (!isValidIntercomSignature(raw, request.headers['x-hub-signature'], secret)) {
    refusals.warn(
      'Intercom webhooks refused: bad signature',
      { hasSignature: request.headers['x-hub-signature'] !== undefined },
      'webhook refused: bad signature',
    );
    throw new HttpProblem(401, 'invalid or missing X-Hub-Signature');
  }
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new HttpProblem(400, jsonSyntaxDetail(error));
  }
  if (nestsDeeperThan(json, MAX_JSON_DEPTH)) {
    throw new HttpProblem(400, `the body nests deeper than ${MAX_JSON_DEPTH} levels`);
  }
  return json;
}

/**
 * The signature covers the exact bytes, so the body arrives raw (the scope's content-type parser) and
 * is checked before anything parses it: this hook runs before validation, and only then puts the
 * parsed JSON where the route's body schema validates it. A bad signature is a 401 whatever the body.
 */
const verifiedJsonBody =
  (ctx: ApiContext, refusals: AggregatedWarnings): preValidationHookHandler =>
  (request, _reply, done) => {
    try {
      request.body = verifiedJson(ctx, request, refusals);
      done();
    } catch (error) {
      done(error as Error);
    }
  };

/**
 * POST /webhooks/intercom. Verifies the signature on the raw bytes, validates the envelope, applies
 * the `receive_events` / `incoming_events` settings, and hands each notification to its entity's
 * workflow with signal-with-start; it answers 2xx only once Temporal has the notification, well
 * within Intercom's 5 seconds.
 */
export function registerIntercomWebhookRoutes(app: Api, ctx: ApiContext): void {
  const refusals = new AggregatedWarnings(ctx.log.child({ component: 'api' }));
  const { webhookMaxBytes } = intakeLimits(ctx);
  void app.register((scope: Api, _options, done) => {
    // Raw bytes for the signature check (verifiedJsonBody parses them once they are verified).
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: webhookMaxBytes },
      (_req, body, next) => next(null, body),
    );
    scope.post(
      '/webhooks/intercom',
      {
        bodyLimit: webhookMaxBytes,
        // Only JSON is ever signed by Intercom: anything else is a 415 before the body is read.
        onRequest: (request, _reply, done) => {
          try {
            requireJsonContentType(request);
            done();
          } catch (error) {
            done(error as Error);
          }
        },
        preValidation: verifiedJsonBody(ctx, refusals),
        schema: {
          summary: "Intercom's webhook notifications",
          description:
            'Signed by Intercom (`X-Hub-Signature`, checked on the raw bytes before the body is parsed or validated: ' +
            "a bad signature is a 401 whatever the body). Each notification is handed to its entity's workflow before " +
            'the 200; one from another workspace than the connected one (`app_id`) is ignored. A contact or company ' +
            'larger than 64 KiB is handed over as a reference and re-read from Intercom. 415 for a body that is not ' +
            'JSON; 400 with the reason for a malformed one; 503 (Intercom retries) when Temporal does not take it ' +
            'within 4 s.',
          tags: ['Inbound'],
          headers: signatureHeaders,
          body: intercomNotificationSchema,
          response: { 200: answerSchema, ...problemResponses(400, 401, 413, 415, 503) },
        },
      },
      async (request) => {
        const envelope = request.body;
        const ignore = (reason: string) => {
          request.log.info({ notification: envelope.id, topic: envelope.topic, reason }, 'webhook ignored');
          return { accepted: false as const, ignored: reason };
        };
        if (envelope.topic === 'ping') return ignore('ping');
        if (ctx.workspace !== undefined) {
          const connected = await ctx.workspace.appId(WORKSPACE_WAIT_MS);
          if (connected === undefined) {
            refusals.warn(
              'Intercom webhooks deferred: workspace unknown',
              {},
              'webhook answered 503: the connected Intercom workspace is not known yet (GET /me has not answered)',
            );
            throw new HttpProblem(503, 'the connected Intercom workspace is not known yet; send it again', {
              headers: { 'retry-after': '10' },
            });
          }
          // One app's client secret signs the webhooks of every workspace that installed it.
          if (envelope.app_id !== connected) {
            return ignore(`app_id ${envelope.app_id ?? '(none)'} is not the connected workspace (${connected})`);
          }
        }
        const tableTopic = tableTopicOf(envelope.topic);
        if (tableTopic === undefined) return ignore(`topic ${envelope.topic} is not handled by this connector`);
        const settings = await ctx.settings.current();
        if (!settings.receive_events) return ignore('receive_events is off');
        if (!settings.incoming_events.includes(tableTopic)) {
          return ignore(`topic ${tableTopic} is not in incoming_events`);
        }
        const plan = planNotification(envelope, tableTopic);
        if ('invalid' in plan) throw new HttpProblem(400, plan.invalid);
        if ('ignored' in plan) return ignore(plan.ignored);

        // A conversation names up to 10 contacts: hand them over together, within Intercom's 5-s answer
        // (past the deadline Temporal's DEADLINE_EXCEEDED becomes a 503, and Intercom sends it again).
        const started = await ctx.temporal.withDeadline(Date.now() + HAND_OVER_DEADLINE_MS, () =>
          Promise.all(
            plan.targets.map(async ({ entity, notification }) => {
              const workflowId =
                entity.kind === 'contact'
                  ? workflowIds.intercomContact(ctx.connectorId, entity.id)
                  : workflowIds.intercomCompany(ctx.connectorId, entity.id);
              await ctx.temporal.workflow.signalWithStart<typeof intercomEntityWorkflow, [EntityNotification]>(
                WORKFLOW_TYPES.intercomEntity,
                {
                  workflowId,
                  taskQueue: ctx.taskQueues.main,
                  args: [{ entity }],
                  signal: intercomNotificationSignal,
                  signalArgs: [notification],
                  typedSearchAttributes: [
                    { key: SYNC_KIND, value: 'webhook' },
                    { key: SYNC_ENTITY, value: entity.kind },
                  ],
                },
              );
              return workflowId;
            }),
          ),
        );
        return { accepted: true as const, workflowIds: started };
      },
    );
    done();
  });
}

/** A JSON syntax error's reason without the fragment of the body V8 quotes in its message. */
function jsonSyntaxDetail(error: unknown): string {
  const position = /position (\d+)/.exec((error as Error).message)?.[1];
  return `the body is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`;
}
