import { z } from 'zod';
import { firstIssue } from '../../config/issues';
import {
  accountUpdateMessageSchema,
  notificationEnvelopeSchema,
  userUpdateMessageSchema,
  type NotificationEnvelope,
} from '../../hull/notifications';
import type { HullIntakeInput } from '../../shared/inputs';
import { handOverHullMessages, startHullIntake } from '../../temporal/hull-hand-over';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import type { SignatureResult } from '../../hull/notification-auth';
import { intakeLimits, type ApiContext } from '../context';
import {
  AggregatedWarnings,
  CLOSE_CONNECTION,
  IntakeGate,
  MAX_JSON_DEPTH,
  nestsDeeperThan,
  requireJsonContentType,
} from '../intake';
import { HttpProblem, problemResponses } from '../problem';
import type { Api } from '../types';

/**
 * Flow control answers, read by Hull's notifier: `next` = acknowledged, send the next notification of at
 * most `size` messages after `in` milliseconds; `retry` = redeliver these messages after `in` ms.
 */
const NEXT = { type: 'next', size: 100, in: 10 } as const;
const RETRY = { type: 'retry', size: 10, in: 1000 } as const;
/**
 * Up to the batch size the answer asks Hull for, messages are signalled to their workflows before the
 * answer (about 2 s for 100); a larger notification goes through intake workflows.
 */
const DIRECT_HAND_OVER_MAX = NEXT.size;
/** Temporal gets this long to take a notification's messages: Hull's notifier gives a connector 25 s. */
const HAND_OVER_DEADLINE_MS = 20_000;

const flowControlSchema = z
  .object({ type: z.enum(['next', 'retry']), size: z.int(), in: z.int() })
  .describe(
    'Read by Hull: `next` = acknowledged, send at most `size` messages after `in` ms; `retry` = redeliver these.',
  );

const rejectedSchema = z.object({ message_id: z.string().optional(), reason: z.string() });
type Rejected = z.infer<typeof rejectedSchema>;

const answerSchema = z
  .object({
    flow_control: flowControlSchema,
    accepted: z
      .int()
      .describe(
        'Messages handed to Temporal: to their entity workflows, or in parts to intake workflows that signal them.',
      ),
    rejected: z.array(rejectedSchema).describe('Messages that could not be read, each with its reason.'),
  })
  .describe('Acknowledged, with flow control.');

const hullSignatureHeaders = z.looseObject({
  'x-hull-smart-notifier': z.string().optional().describe('Present on every notification Hull sends.'),
  'x-hull-smart-notifier-signature': z
    .string()
    .optional()
    .describe(
      "An RS256 JWT whose `jti` is the body's notification_id (not needed with HULL_SKIP_SIGNATURE_VALIDATION).",
    ),
  'x-hull-smart-notifier-signature-version': z.string().optional().describe('`v1`.'),
  'x-hull-smart-notifier-signature-public-key-url': z.string().optional().describe('Where the verifying key is.'),
});

/**
 * Everything checked before the body is read, so a request that is not the platform's costs no
 * memory: the Content-Type (415), a free slot among the notifications being read (503 with flow
 * control: Hull sends it again), and the signature from its headers alone (401: the key URL on a
 * trusted origin, the RS256 JWT verified; only its `jti` waits for the body). Refusals close the
 * connection, so the rest of the body is never read.
 */
function checkBeforeBody(
  ctx: ApiContext,
  gate: IntakeGate,
  refusals: AggregatedWarnings,
  signatures: WeakMap<FastifyRequest, SignatureResult & { ok: true }>,
): onRequestAsyncHookHandler {
  return async (request, reply) => {
    requireJsonContentType(request);
    if (!gate.tryEnter(reply)) {
      refusals.warn(
        'Hull notifications over the concurrency limit',
        { limit: gate.limit },
        `Hull notification deferred: ${gate.limit} are being read already (HULL_NOTIFICATION_CONCURRENCY)`,
      );
      throw new HttpProblem(503, `${gate.limit} notifications are being read already; send it again`, {
        extensions: { code: 'TOO_MANY_NOTIFICATIONS', flow_control: RETRY },
        headers: { ...CLOSE_CONNECTION, 'retry-after': '1' },
      });
    }
    const signed = await ctx.notificationAuth.verifySignature(request.headers);
    if (!signed.ok) {
      refusals.warn('Hull notifications refused', { code: signed.code }, `Hull notification refused: ${signed.code}`);
      throw new HttpProblem(401, signed.message, { extensions: { code: signed.code }, headers: CLOSE_CONNECTION });
    }
    signatures.set(request, signed);
  };
}

/**
 * POST /hull/notifications: Hull's smart-notifier. Authenticates the request, validates it, refreshes
 * the live settings from the copy it carries, and hands every user and account update to its entity's
 * workflow (signal-with-start) before answering with flow control. A message that cannot be read is
 * reported with its reason; the others still go through.
 */
export function registerHullNotificationRoutes(app: Api, ctx: ApiContext): void {
  const limits = intakeLimits(ctx);
  const gate = new IntakeGate(limits.notificationConcurrency);
  const refusals = new AggregatedWarnings(ctx.log.child({ component: 'api' }));
  const signatures = new WeakMap<FastifyRequest, SignatureResult & { ok: true }>();
  app.post(
    '/hull/notifications',
    {
      bodyLimit: limits.notificationMaxBytes,
      onRequest: checkBeforeBody(ctx, gate, refusals, signatures),
      // A nesting no platform sends is refused before validation walks it.
      preValidation: (request, _reply, done) =>
        done(
          nestsDeeperThan(request.body, MAX_JSON_DEPTH)
            ? new HttpProblem(400, `the body nests deeper than ${MAX_JSON_DEPTH} levels`)
            : undefined,
        ),
      schema: {
        summary: "Hull's notifications (user and account updates), answered with flow control",
        description:
          "Authenticated by Hull's signature headers before the body is read (the key URL on a trusted origin, the " +
          "RS256 JWT verified), then by the signature's `jti` (the body's notification_id) and the connector " +
          `credentials in the body. Bodies are read up to HULL_NOTIFICATION_MAX_BYTES (413 beyond), at most ` +
          'HULL_NOTIFICATION_CONCURRENCY at once (503 with `flow_control` retry beyond, unread). 401 and 503 carry a ' +
          '`code` member; 503 also `flow_control` (retry).',
        tags: ['Inbound'],
        headers: hullSignatureHeaders,
        body: notificationEnvelopeSchema,
        response: { 200: answerSchema, ...problemResponses(400, 401, 413, 415, 503) },
      },
    },
    async (request) => {
      const envelope: NotificationEnvelope = request.body;
      const auth = ctx.notificationAuth.verifyBody(envelope, signatures.get(request) ?? {});
      if (!auth.ok) {
        refusals.warn('Hull notifications refused', { code: auth.code }, `Hull notification refused: ${auth.code}`);
        throw new HttpProblem(401, auth.message, { extensions: { code: auth.code } });
      }
      ctx.settings.apply(envelope.connector.private_settings);

      const rejected: Rejected[] = [];
      /** Parses each message; unreadable ones are reported with their reason, the others go on. */
      const readable = <M>(schema: z.ZodType<M>): M[] =>
        envelope.messages.flatMap((raw) => {
          const message = schema.safeParse(raw);
          if (message.success) return [message.data];
          rejected.push(describeRejection(raw, message.error));
          return [];
        });
      // Only what tag mirroring needs from the organisation's segment list goes into every signal.
      const base = {
        notificationId: envelope.notification_id,
        isExport: envelope.is_export,
        organisationSegments: (envelope.channel === 'account:update'
          ? envelope.accounts_segments
          : envelope.segments
        ).map(({ id, name }) => ({ id, name })),
      };
      const input: HullIntakeInput | undefined =
        envelope.channel === 'user:update'
          ? { ...base, channel: 'user:update', messages: readable(userUpdateMessageSchema) }
          : envelope.channel === 'account:update'
            ? { ...base, channel: 'account:update', messages: readable(accountUpdateMessageSchema) }
            : undefined;
      const target = { client: ctx.temporal, connectorId: ctx.connectorId, taskQueue: ctx.taskQueues.main };
      try {
        // A few messages go to their workflows at once; more are handed to Temporal in parts first
        // (intake workflows), so the answer never waits for thousands of signals.
        if (input !== undefined)
          await ctx.temporal.withDeadline(Date.now() + HAND_OVER_DEADLINE_MS, () =>
            input.messages.length <= DIRECT_HAND_OVER_MAX
              ? handOverHullMessages(target, input)
              : startHullIntake(target, input),
          );
      } catch (error) {
        // Temporal did not take them: Hull redelivers after `in` ms. Nothing is acknowledged half-way
        // that matters: a message signalled twice is coalesced into the same write.
        request.log.error(
          { err: error, notification: envelope.notification_id },
          'could not hand the notification to Temporal',
        );
        throw new HttpProblem(503, 'Temporal did not take the notification; send it again', {
          extensions: { code: 'TEMPORAL_UNAVAILABLE', flow_control: RETRY },
        });
      }
      for (const rejection of rejected)
        request.log.warn({ notification: envelope.notification_id, ...rejection }, 'Hull message skipped');
      return { flow_control: NEXT, accepted: input?.messages.length ?? 0, rejected };
    },
  );
}

function describeRejection(raw: unknown, error: z.ZodError): Rejected {
  const messageId = (raw as { message_id?: unknown } | null)?.message_id;
  return {
    message_id: typeof messageId === 'string' ? messageId : undefined,
    reason: `unreadable message: ${firstIssue(error, 'message')}`,
  };
}
