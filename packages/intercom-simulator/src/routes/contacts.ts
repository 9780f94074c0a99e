/**
 * Contact endpoints: list, search, create, get, update, delete, archive/unarchive, find by external id and
 * merge. Rules live in services/; this file parses requests and shapes responses.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody, queryFlag, queryString } from '../body';
import { contactNotFound } from '../errors';
import { contactReference, contactToJson } from '../serialize/contact';
import { clampPerPage, cursorPagesJson, type CursorPage } from '../pagination';
import {
  contactMergedError,
  createContact,
  deleteContact,
  readContact,
  setArchived,
  updateContact,
  type ContactInput,
} from '../services/contacts';
import { MAX_PER_PAGE, listContacts, searchContacts, type SearchBody } from '../services/contact-queries';
import { mergeContacts } from '../services/merge';
import type { ContactRecord } from '../records';

const nullableString = z.string().nullable().optional();
const nullableTimestamp = z.number().int().nullable().optional();

const contactWriteSchema = z.object({
  role: z.string().nullable().optional(),
  // Integrators send numeric ids; Intercom stores external ids as strings.
  external_id: z
    .union([z.string(), z.number().int().transform(String)])
    .nullable()
    .optional(),
  email: nullableString,
  email_verified: z.boolean().nullable().optional(),
  phone: nullableString,
  name: nullableString,
  avatar: nullableString,
  signed_up_at: nullableTimestamp,
  last_seen_at: nullableTimestamp,
  // A string since 2.16; ≤ 2.15 clients send an integer.
  owner_id: z
    .union([z.string(), z.number().int().transform(String)])
    .nullable()
    .optional(),
  unsubscribed_from_emails: z.boolean().nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
});

const mergeSchema = z.object({
  from: z.string(),
  into: z.string(),
  skip_duplicate_validation: z.boolean().optional(),
});

const searchSchema = z.object({
  query: z.unknown().optional(),
  sort: z.unknown().optional(),
  pagination: z
    .object({ per_page: z.number().int().optional(), starting_after: z.string().nullable().optional() })
    .nullable()
    .optional(),
});

type Params = { contact_id: string };

function listJson(ctx: SimulatorContext, page: CursorPage<ContactRecord>, includeMergeHistory: boolean): unknown {
  return {
    type: 'list',
    data: page.items.map((contact) => contactToJson(ctx.store, contact, { includeMergeHistory })),
    total_count: page.totalCount,
    pages: cursorPagesJson(page),
  };
}

export function registerContactRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/contacts', (request) => {
    const query = request.query as Record<string, unknown>;
    // Upstream (PR #639) documents a default of 10 per page and a maximum of 150.
    const page = listContacts(ctx, clampPerPage(query.per_page, 10, MAX_PER_PAGE), queryString(query.starting_after));
    return listJson(ctx, page, queryFlag(query.include_merge_history));
  });

  app.post('/contacts/search', (request) => {
    const body = parseBody(searchSchema, request.body) as SearchBody;
    const perPage = clampPerPage(body.pagination?.per_page, 50, MAX_PER_PAGE);
    const startingAfter = body.pagination?.starting_after;
    const page = searchContacts(ctx, body, perPage, typeof startingAfter === 'string' ? startingAfter : undefined);
    return listJson(ctx, page, queryFlag((request.query as Record<string, unknown>).include_merge_history));
  });

  app.post('/contacts', (request) => {
    const input: ContactInput = parseBody(contactWriteSchema, request.body);
    return contactToJson(ctx.store, createContact(ctx, input));
  });

  app.get<{ Params: Params }>('/contacts/:contact_id', (request) => {
    const contact = readContact(ctx, request.params.contact_id);
    return contactToJson(ctx.store, contact, {
      includeMergeHistory: queryFlag((request.query as Record<string, unknown>).include_merge_history),
    });
  });

  app.put<{ Params: Params }>('/contacts/:contact_id', (request) => {
    const patch: ContactInput = parseBody(contactWriteSchema, request.body);
    return contactToJson(ctx.store, updateContact(ctx, request.params.contact_id, patch));
  });

  app.delete<{ Params: Params }>('/contacts/:contact_id', (request) => {
    return contactReference(deleteContact(ctx, request.params.contact_id), { deleted: true });
  });

  app.post<{ Params: Params }>('/contacts/:contact_id/archive', (request) => {
    return contactReference(setArchived(ctx, request.params.contact_id, true), { archived: true });
  });

  app.post<{ Params: Params }>('/contacts/:contact_id/unarchive', (request) => {
    return contactReference(setArchived(ctx, request.params.contact_id, false), { archived: false });
  });

  // Users only (2.13+); a merged-away external id answers 410 like GET /contacts/{id}.
  app.get<{ Params: { external_id: string } }>('/contacts/find_by_external_id/:external_id', (request) => {
    const externalId = request.params.external_id;
    const [user] = ctx.store.contactsByExternalId('user', externalId);
    if (user) {
      return contactToJson(ctx.store, user, {
        includeMergeHistory: queryFlag((request.query as Record<string, unknown>).include_merge_history),
      });
    }
    for (const [id, merged] of ctx.store.mergedContacts) {
      if (merged.record.external_id === externalId) throw contactMergedError(ctx, id);
    }
    throw contactNotFound();
  });

  app.post('/contacts/merge', (request) => {
    const body = parseBody(mergeSchema, request.body);
    const survivor = mergeContacts(ctx, body.from, body.into, body.skip_duplicate_validation === true);
    return contactToJson(ctx.store, survivor, {
      includeMergeHistory: queryFlag((request.query as Record<string, unknown>).include_merge_history),
    });
  });
}
