import type { FastifyInstance } from 'fastify';
import { firstIssue } from '../../config/issues';
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
import type { ApiContext } from '../context';

/**
 * POST /webhooks/intercom. Verifies the signature on the raw bytes, validates the envelope, applies
 * the `receive_events` / `incoming_events` settings, and hands each notification to its entity's
 * workflow with signal-with-start; it answers 2xx only once Temporal has the notification, well
 * within Intercom's 5 seconds.
 */
export function registerIntercomWebhookRoutes(app: FastifyInstance, ctx: ApiContext): void {
  void app.register((scope, _options, done) => {
    // The signature covers the exact bytes, so this route keeps the body raw.
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 },
      (_req, body, next) => next(null, body),
    );
    scope.post('/webhooks/intercom', async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const secret = ctx.intercomClientSecret?.reveal();
      if (secret === undefined) {
        return reply
          .code(401)
          .send({ error: 'webhook signatures cannot be verified: INTERCOM_CLIENT_SECRET is not configured' });
      }
      if (!isValidIntercomSignature(raw, request.headers['x-hub-signature'], secret)) {
        request.log.warn(
          { hasSignature: request.headers['x-hub-signature'] !== undefined },
          'webhook refused: bad signature',
        );
        return reply.code(401).send({ error: 'invalid or missing X-Hub-Signature' });
      }
      let json: unknown;
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch (error) {
        return reply.code(400).send({ error: `body is not valid JSON: ${(error as Error).message}` });
      }
      const parsed = intercomNotificationSchema.safeParse(json);
      if (!parsed.success) {
        return reply.code(400).send({ error: `not an Intercom notification: ${firstIssue(parsed.error, 'body')}` });
      }
      const envelope = parsed.data;
      const ignore = (reason: string) => {
        request.log.info({ notification: envelope.id, topic: envelope.topic, reason }, 'webhook ignored');
        return reply.code(200).send({ accepted: false, ignored: reason });
      };
      if (envelope.topic === 'ping') return ignore('ping');
      const tableTopic = tableTopicOf(envelope.topic);
      if (tableTopic === undefined) return ignore(`topic ${envelope.topic} is not handled by this connector`);
      const settings = await ctx.settings.current();
      if (!settings.receive_events) return ignore('receive_events is off');
      if (!settings.incoming_events.includes(tableTopic)) {
        return ignore(`topic ${tableTopic} is not in incoming_events`);
      }
      const plan = planNotification(envelope, tableTopic);
      if ('ignored' in plan) return ignore(plan.ignored);

      // A conversation names up to 10 contacts: hand them over together, within Intercom's 5-s answer.
      const started = await Promise.all(
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
      );
      return reply.code(200).send({ accepted: true, workflowIds: started });
    });
    done();
  });
}
