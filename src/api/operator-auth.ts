import type { FastifyReply, FastifyRequest } from 'fastify';
import { constantTimeEqual } from '../config/secret';
import { workflowIds } from '../shared/workflow-ids';
import type { ApiContext } from './context';

/**
 * Guards the operator endpoints (actions, runs, failures), which share the listener with the public
 * webhook and notification routes: with API_TOKEN set they need `Authorization: Bearer <token>`.
 * Configuration requires a token whenever a live engine listens beyond loopback.
 */
export function operatorGuard(ctx: ApiContext) {
  const expected = ctx.operatorToken === undefined ? undefined : `Bearer ${ctx.operatorToken.reveal()}`;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    if (expected === undefined) return;
    if (!constantTimeEqual(request.headers.authorization, expected)) {
      await reply.code(401).send({ error: 'operator endpoints need Authorization: Bearer <API_TOKEN>' });
    }
  };
}

/** Workflow ids this connector owns; operators cannot reach other tenants' runs through the API. */
export const ownsWorkflow = (ctx: ApiContext, workflowId: string): boolean =>
  workflowIds.ownedBy(ctx.connectorId, workflowId);
