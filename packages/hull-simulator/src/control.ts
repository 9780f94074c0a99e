/**
 * Control endpoints (`/_simulator/...`, see README.md): what happens in Hull outside the connector's
 * view — another source writes users and accounts, sample data replaces the organization's, the
 * connector is installed at an address (where notifications go), and its users are sent to it now.
 * Reads go through the REST API, as the connector's do.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { CONTROL_PREFIX } from '@hull-intercom-sync/simulator-kit';
import type { HullSimulator } from './simulator';

const traitsWrite = z.strictObject({
  claims: z.record(z.string(), z.string()),
  traits: z.record(z.string(), z.unknown()).default({}),
});

const seedSchema = z.strictObject({
  users: z.number().int().min(0).optional(),
  accounts: z.number().int().min(0).optional(),
  seed: z.number().int().optional(),
});

const notificationsSchema = z.strictObject({
  url: z.url().nullable(),
  channels: z.array(z.string()).optional(),
  autoNotify: z.boolean().optional(),
});

const notifySchema = z.strictObject({
  users: z.array(z.string()).default([]),
  accounts: z.array(z.string()).default([]),
});

function status(simulator: HullSimulator) {
  return {
    simulator: 'hull',
    url: simulator.url,
    organization: simulator.organization,
    connectorId: simulator.connectorId,
    users: simulator.users().length,
    accounts: simulator.accounts().length,
    segments: simulator.segments().map(({ id, name, type }) => ({ id, name, type })),
    notifications: simulator.notificationTarget,
    counters: simulator.counters,
  };
}

/** Runs a control action; a bad body or a refused write answers 400 with the reason. */
function answer<T>(reply: FastifyReply, schema: z.ZodType<T>, body: unknown, act: (input: T) => unknown): unknown {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) return reply.code(400).send({ status: 400, message: z.prettifyError(parsed.error) });
  try {
    return act(parsed.data);
  } catch (error) {
    return reply.code(400).send({ status: 400, message: (error as Error).message });
  }
}

export function registerControlRoutes(app: FastifyInstance, simulator: HullSimulator): void {
  app.get(CONTROL_PREFIX, () => status(simulator));

  app.post(`${CONTROL_PREFIX}/seed`, (request, reply) =>
    answer(reply, seedSchema, request.body, (options) => {
      simulator.seed(options);
      return status(simulator);
    }),
  );

  app.put(`${CONTROL_PREFIX}/notifications`, (request, reply) =>
    answer(reply, notificationsSchema, request.body, ({ url, channels, autoNotify }) => {
      simulator.setNotifyTarget(url ?? undefined, channels);
      if (autoNotify !== undefined) simulator.setAutoNotify(autoNotify);
      return status(simulator);
    }),
  );

  // As another source writing to Hull: with autoNotify on, the connector hears of it as it would.
  app.post(`${CONTROL_PREFIX}/users`, (request, reply) =>
    answer(reply, traitsWrite, request.body, ({ claims, traits }) => simulator.upsertUser(claims, traits)),
  );

  app.post(`${CONTROL_PREFIX}/accounts`, (request, reply) =>
    answer(reply, traitsWrite, request.body, ({ claims, traits }) => simulator.upsertAccount(claims, traits)),
  );

  app.post(`${CONTROL_PREFIX}/notify`, async (request, reply) => {
    const parsed = notifySchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ status: 400, message: z.prettifyError(parsed.error) });
    if (simulator.notificationTarget.url === null) {
      return reply
        .code(409)
        .send({ status: 409, message: 'no notification target: PUT /_simulator/notifications first' });
    }
    const [users, accounts] = await Promise.all([
      simulator.notifyUsers(parsed.data.users),
      simulator.notifyAccounts(parsed.data.accounts),
    ]);
    return { users, accounts };
  });
}
