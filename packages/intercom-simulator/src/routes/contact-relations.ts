/** A contact's sub-resources: tags, companies, segments and notes. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody } from '../body';
import { parameterNotFound } from '../errors';
import { companyToJson } from '../serialize/company';
import { appliedTagToJson, noteToJson, segmentToJson } from '../serialize/resources';
import { clampPerPage, numberedPage } from '../pagination';
import { addNote, requireContact } from '../services/contacts';
import { tagContact, untagContact } from '../services/tags';
import { attachCompanyToContact, detachCompanyFromContact } from '../services/companies';
import { segmentsOfContact } from '../services/segments';
import type { TagApplication } from '../records';

type ContactParams = { contact_id: string };

const idSchema = z.object({ id: z.string().optional() });
const noteSchema = z.object({
  body: z.string(),
  admin_id: z.union([z.string(), z.number().transform(String)]).optional(),
});

export function registerContactRelationRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get<{ Params: ContactParams }>('/contacts/:contact_id/tags', (request) => {
    const contact = requireContact(ctx, request.params.contact_id);
    const applications = ctx.store.contactTags.get(contact.id) ?? new Map<string, TagApplication>();
    const data = [...applications].flatMap(([tagId, application]) => {
      const tag = ctx.store.tags.get(tagId);
      return tag ? [appliedTagToJson(tag, application)] : [];
    });
    return { type: 'list', data };
  });

  app.post<{ Params: ContactParams }>('/contacts/:contact_id/tags', (request) => {
    const { id } = parseBody(idSchema, request.body);
    if (id === undefined) throw parameterNotFound('tag not specified', 'id');
    const contactId = request.params.contact_id;
    const tag = tagContact(ctx, contactId, id);
    return appliedTagToJson(tag, ctx.store.contactTags.get(contactId)?.get(tag.id));
  });

  app.delete<{ Params: ContactParams & { tag_id: string } }>('/contacts/:contact_id/tags/:tag_id', (request) => {
    const application = ctx.store.contactTags.get(request.params.contact_id)?.get(request.params.tag_id);
    const tag = untagContact(ctx, request.params.contact_id, request.params.tag_id);
    return appliedTagToJson(tag, application);
  });

  // The 2.16 schema names the array `companies`, but the live API (and the spec example) use `data`.
  app.get<{ Params: ContactParams }>('/contacts/:contact_id/companies', (request) => {
    const contact = requireContact(ctx, request.params.contact_id);
    const query = request.query as Record<string, unknown>;
    const companies = ctx.store.companyIdsOf(contact.id).flatMap((id) => {
      const company = ctx.store.companies.get(id);
      return company ? [company] : [];
    });
    const page = numberedPage(companies, query.page, clampPerPage(query.per_page, 50, 150));
    const base = `${ctx.baseUrl()}/contacts/${contact.id}/companies`;
    return {
      type: 'list',
      data: page.items.map((company) => companyToJson(ctx.store, company)),
      total_count: companies.length,
      pages: {
        type: 'pages',
        page: page.page,
        per_page: page.perPage,
        total_pages: page.totalPages,
        next: page.page < page.totalPages ? `${base}?page=${page.page + 1}&per_page=${page.perPage}` : null,
      },
    };
  });

  app.post<{ Params: ContactParams }>('/contacts/:contact_id/companies', (request) => {
    const { id } = parseBody(idSchema, request.body);
    if (id === undefined) throw parameterNotFound('company not specified', 'id');
    return companyToJson(ctx.store, attachCompanyToContact(ctx, request.params.contact_id, id));
  });

  app.delete<{ Params: ContactParams & { company_id: string } }>(
    '/contacts/:contact_id/companies/:company_id',
    (request) =>
      companyToJson(ctx.store, detachCompanyFromContact(ctx, request.params.contact_id, request.params.company_id)),
  );

  app.get<{ Params: ContactParams }>('/contacts/:contact_id/segments', (request) => {
    const contact = requireContact(ctx, request.params.contact_id);
    return { type: 'list', data: segmentsOfContact(ctx, contact).map((segment) => segmentToJson(segment)) };
  });

  app.get<{ Params: ContactParams }>('/contacts/:contact_id/notes', (request) => {
    const contact = requireContact(ctx, request.params.contact_id);
    const notes = ctx.store.notesOf(contact.id).reverse();
    return {
      type: 'list',
      data: notes.map((note) => noteToJson(ctx.store, note)),
      total_count: notes.length,
      pages: { type: 'pages', page: 1, per_page: Math.max(notes.length, 1), total_pages: notes.length > 0 ? 1 : 0 },
    };
  });

  app.post<{ Params: ContactParams }>('/contacts/:contact_id/notes', (request) => {
    const body = parseBody(noteSchema, request.body);
    return noteToJson(ctx.store, addNote(ctx, request.params.contact_id, body.body, body.admin_id));
  });
}
