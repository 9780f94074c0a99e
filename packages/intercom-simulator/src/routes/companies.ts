/**
 * Company endpoints. Page-based lists (GET /companies, POST /companies/list) only include companies with at
 * least one contact; POST /companies/list is ordered by `last_request_at` and capped at 10,000 results
 * (use the scroll beyond that). GET /companies/scroll serves fixed-size pages of one open scroll per app.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimulatorContext } from '../context';
import { parseBody, queryString } from '../body';
import { companyNotFound } from '../errors';
import { companyToJson, deletedCompany } from '../serialize/company';
import { contactToJson } from '../serialize/contact';
import { clampPerPage, cursorPagesJson, numberedPage, type NumberedPage } from '../pagination';
import type { CompanyRecord } from '../records';
import {
  deleteCompany,
  isListed,
  requireCompany,
  updateCompany,
  upsertCompany,
  type CompanyInput,
} from '../services/companies';
import { listCompanyContacts } from '../services/company-contacts';
import { segmentsOfCompany } from '../services/segments';
import { segmentToJson } from '../serialize/resources';
import type { CompanyScrollRegistry } from '../scroll';

export const COMPANY_LIST_CAP = 10_000;
const MAX_COMPANY_PAGE = 60;

const companyFields = {
  name: z.string().nullable().optional(),
  plan: z.string().nullable().optional(),
  size: z.number().int().nullable().optional(),
  website: z.string().nullable().optional(),
  industry: z.string().nullable().optional(),
  monthly_spend: z.number().nullable().optional(),
  remote_created_at: z.number().int().nullable().optional(),
  custom_attributes: z.record(z.string(), z.unknown()).nullable().optional(),
};

// Intercom rejects unknown parameters on company writes with 400 bad_request "bad 'x' parameter".
const upsertSchema = z.strictObject({
  ...companyFields,
  company_id: z.union([z.string(), z.number().int().transform(String)]).optional(),
  update_last_request_at: z.boolean().optional(),
});
// company_id cannot change after creation; it is accepted here and ignored.
const updateSchema = z.strictObject({ ...companyFields, company_id: z.string().optional() });

type Params = { company_id: string };

/**
 * `pages` of page-based company lists. The schema (`cursor_pages`) types `next` as an object, so the next
 * page is given as `{page, per_page}`; iterate with `page < total_pages`.
 */
function pagesJson(page: NumberedPage<unknown>): Record<string, unknown> {
  return {
    type: 'pages',
    page: page.page,
    per_page: page.perPage,
    total_pages: page.totalPages,
    next: page.page < page.totalPages ? { page: page.page + 1, per_page: page.perPage } : null,
  };
}

function companyListJson(ctx: SimulatorContext, page: NumberedPage<CompanyRecord>, totalCount: number): unknown {
  return {
    type: 'list',
    data: page.items.map((company) => companyToJson(ctx.store, company)),
    pages: pagesJson(page),
    total_count: totalCount,
  };
}

function listedCompanies(ctx: SimulatorContext): CompanyRecord[] {
  return [...ctx.store.companies.values()].filter((company) => isListed(ctx, company));
}

export function registerCompanyRoutes(
  app: FastifyInstance,
  ctx: SimulatorContext,
  scroll: CompanyScrollRegistry,
): void {
  app.post('/companies', (request) => {
    const input: CompanyInput = parseBody(upsertSchema, request.body);
    return companyToJson(ctx.store, upsertCompany(ctx, input).company);
  });

  // ?company_id= / ?name= look one company up (answered as a one-item list, as the 2.16 schema says);
  // otherwise list companies, optionally filtered by tag_id or segment_id.
  app.get('/companies', (request) => {
    const query = request.query as Record<string, unknown>;
    const perPage = clampPerPage(query.per_page, 15, MAX_COMPANY_PAGE);
    const companyId = queryString(query.company_id);
    const name = queryString(query.name);
    if (companyId !== undefined || name !== undefined) {
      const match =
        companyId !== undefined
          ? ctx.store.companyByCompanyId(companyId)
          : [...ctx.store.companies.values()].find((c) => c.name === name);
      if (!match) throw companyNotFound();
      return companyListJson(ctx, numberedPage([match], 1, perPage), 1);
    }
    const tagId = queryString(query.tag_id);
    const segmentId = queryString(query.segment_id);
    let companies = listedCompanies(ctx);
    if (tagId !== undefined) companies = companies.filter((c) => ctx.store.companyTags.get(c.id)?.has(tagId) ?? false);
    if (segmentId !== undefined) {
      const members = new Set(ctx.store.segments.get(segmentId)?.company_ids ?? []);
      companies = companies.filter((c) => members.has(c.id));
    }
    companies.sort((a, b) => b.created_at - a.created_at || (a.id < b.id ? 1 : -1));
    return companyListJson(ctx, numberedPage(companies, query.page, perPage), companies.length);
  });

  app.post('/companies/list', (request) => {
    const query = request.query as Record<string, unknown>;
    const ascending = query.order === 'asc';
    const perPage = clampPerPage(query.per_page, 15, MAX_COMPANY_PAGE);
    const companies = listedCompanies(ctx).sort((a, b) => {
      const byRequest = (a.last_request_at ?? -1) - (b.last_request_at ?? -1);
      return (ascending ? byRequest : -byRequest) || (a.id < b.id ? -1 : 1);
    });
    const reachable = companies.slice(0, COMPANY_LIST_CAP);
    return companyListJson(ctx, numberedPage(reachable, query.page, perPage), companies.length);
  });

  app.get('/companies/scroll', (request) => {
    const { param, afterId } = scroll.begin(queryString((request.query as Record<string, unknown>).scroll_param));
    const data = listedCompanies(ctx)
      .filter((company) => company.id > afterId)
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(0, ctx.options.scrollPageSize);
    scroll.advance(param, data[data.length - 1]?.id);
    return {
      type: 'list',
      data: data.map((company) => companyToJson(ctx.store, company)),
      pages: null,
      total_count: null,
      scroll_param: param,
    };
  });

  app.get<{ Params: Params }>('/companies/:company_id', (request) =>
    companyToJson(ctx.store, requireCompany(ctx, request.params.company_id)),
  );

  app.put<{ Params: Params }>('/companies/:company_id', (request) => {
    const input: CompanyInput = parseBody(updateSchema, request.body);
    const { company_id: _ignored, ...patch } = input;
    return companyToJson(ctx.store, updateCompany(ctx, request.params.company_id, patch));
  });

  app.delete<{ Params: Params }>('/companies/:company_id', (request) =>
    deletedCompany(deleteCompany(ctx, request.params.company_id)),
  );

  app.get<{ Params: Params }>('/companies/:company_id/contacts', (request) => {
    const query = request.query as Record<string, unknown>;
    const page = listCompanyContacts(
      ctx,
      request.params.company_id,
      clampPerPage(query.per_page, 50, 150),
      queryString(query.starting_after),
    );
    return {
      type: 'list',
      data: page.items.map((contact) => contactToJson(ctx.store, contact)),
      total_count: page.totalCount,
      pages: cursorPagesJson(page),
    };
  });

  app.get<{ Params: Params }>('/companies/:company_id/segments', (request) => {
    const company = requireCompany(ctx, request.params.company_id);
    return { type: 'list', data: segmentsOfCompany(ctx, company.id).map((segment) => segmentToJson(segment)) };
  });
}
