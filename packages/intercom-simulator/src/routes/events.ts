/**
 * Data events. POST answers 202 with an empty body (duplicates too). GET lists a contact's events newest
 * first; the 2.16 spec declares the response as `data_event_summary` (`type: 'event.summary'`, with the
 * contact identifiers and `pages.next` as a URL), and its recorded example has exactly that shape.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody, queryFlag, queryString } from '../body';
import { parameterInvalid } from '../errors';
import { clampPerPage, pageAfterCursor, type SortEntry } from '../pagination';
import type { EventRecord } from '../records';
import { contactEvents, submitEvent } from '../services/events';

const eventSchema = z.object({
  event_name: z.string().optional(),
  created_at: z.number().optional(),
  id: z.string().optional(),
  // External ids are strings; integrators sometimes send numbers.
  user_id: z.union([z.string(), z.number().transform(String)]).optional(),
  email: z.string().optional(),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});

export function registerEventRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.post('/events', async (request, reply) => {
    submitEvent(ctx, parseBody(eventSchema, request.body));
    await reply.code(202).send();
  });

  app.get('/events', (request) => {
    const query = request.query as Record<string, unknown>;
    if (query.type !== 'user') throw parameterInvalid("The type parameter must be 'user'", 'type');
    const { contact, listable, all } = contactEvents(ctx, query);
    const perPage = clampPerPage(query.per_page, 50, 100);
    const identifiers: Record<string, string> = { intercom_user_id: contact.id };
    if (contact.external_id !== null) identifiers.user_id = contact.external_id;
    if (contact.email !== null) identifiers.email = contact.email;

    if (queryFlag(query.summary)) {
      const byName = new Map<string, { name: string; first: number; last: number; count: number }>();
      for (const event of all) {
        const summary = byName.get(event.event_name) ?? {
          name: event.event_name,
          first: event.created_at,
          last: 0,
          count: 0,
        };
        summary.first = Math.min(summary.first, event.created_at);
        summary.last = Math.max(summary.last, event.created_at);
        summary.count += 1;
        byName.set(event.event_name, summary);
      }
      const summaries = [...byName.values()].map((s) => ({
        name: s.name,
        first: new Date(s.first * 1000).toISOString(),
        last: new Date(s.last * 1000).toISOString(),
        count: s.count,
      }));
      return { type: 'event.summary', ...identifiers, events: summaries };
    }

    // `pages.next` is a full URL to follow; its cursor is a position (created_at + sequence), not an offset.
    const entryOf = (event: EventRecord): SortEntry => ({
      key: event.created_at,
      id: String(event.seq).padStart(12, '0'),
    });
    const page = pageAfterCursor(listable, entryOf, true, perPage, queryString(query.starting_after));
    const pages: Record<string, string> = {};
    if (page.next !== undefined) {
      const next = new URLSearchParams({ type: 'user', intercom_user_id: contact.id, per_page: String(perPage) });
      next.set('starting_after', page.next);
      pages.next = `${ctx.baseUrl()}/events?${next.toString()}`;
    }
    return {
      type: 'event.summary',
      ...identifiers,
      events: page.items.map((event) => ({
        type: 'event',
        event_name: event.event_name,
        created_at: event.created_at,
        ...identifiers,
        metadata: event.metadata,
      })),
      pages,
    };
  });
}
