/**
 * Control endpoints (`/_simulator/...`, see README.md): what a person does in Intercom's UI and
 * Developer Hub rather than through the REST API — see the workspace's size, replace its data with
 * sample data, point its webhooks somewhere, and read what was delivered. Changes to contacts and
 * companies go through the REST API itself, as any client's do (they emit webhooks too).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { CONTROL_PREFIX } from '@hull-intercom-sync/simulator-kit';
import { parseBody } from '../body';
import type { IntercomSimulator } from '../simulator';

const seedSchema = z.strictObject({
  users: z.number().int().min(0).optional(),
  leads: z.number().int().min(0).optional(),
  companies: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
});

const webhookSchema = z.strictObject({ url: z.url(), topics: z.array(z.string()) });

/** How many of the latest webhook deliveries GET /_simulator/webhooks shows. */
const RECENT_DELIVERIES = 100;

function status(simulator: IntercomSimulator) {
  const contacts = [...simulator.store.contacts.values()];
  return {
    simulator: 'intercom',
    url: simulator.url,
    contacts: {
      users: contacts.filter((contact) => contact.role === 'user').length,
      leads: contacts.filter((contact) => contact.role === 'lead').length,
    },
    companies: simulator.store.companies.size,
    tags: simulator.store.tags.size,
    dataAttributes: simulator.store.dataAttributes.size,
    conversations: simulator.store.conversations.size,
    webhook: simulator.webhook ?? null,
    webhookDeliveries: simulator.webhookDeliveries.length,
    requests: simulator.requestLog.length,
  };
}

export function registerControlRoutes(app: FastifyInstance, simulator: IntercomSimulator): void {
  app.get(CONTROL_PREFIX, () => status(simulator));

  app.post(`${CONTROL_PREFIX}/seed`, (request) => ({ seeded: simulator.seed(parseBody(seedSchema, request.body)) }));

  app.put(`${CONTROL_PREFIX}/webhook`, (request) => {
    simulator.setWebhook(parseBody(webhookSchema, request.body), true);
    return status(simulator);
  });

  app.post(`${CONTROL_PREFIX}/oauth/revoke`, () => ({ revoked: simulator.revokeOAuthTokens() }));

  app.get(`${CONTROL_PREFIX}/webhooks`, () =>
    simulator.webhookDeliveries
      .slice(-RECENT_DELIVERIES)
      .map(({ id, topic, status: answered, error }) => ({ id, topic, status: answered, ...(error && { error }) })),
  );
}
