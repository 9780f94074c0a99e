/**
 * The one Intercom client. Activities call these methods; the transport underneath paces requests,
 * authenticates and classifies errors. Paths and shapes follow Intercom REST API 2.16.
 */
import { z } from 'zod';
import {
  adminListSchema,
  companyPageSchema,
  companySchema,
  companyScrollSchema,
  contactCompaniesSchema,
  contactPageSchema,
  contactSchema,
  dataAttributeListSchema,
  dataAttributeSchema,
  meSchema,
  tagListSchema,
  tagSchema,
  type IntercomAdmin,
  type IntercomDataAttribute,
  type IntercomCompany,
  type IntercomContact,
  type IntercomContactPage,
  type IntercomMe,
  type IntercomTag,
} from './schemas';
import { IntercomRequestError } from './errors';
import { IntercomTransport, type IntercomRequest, type IntercomTransportOptions, type RequestMeter } from './transport';
import type { RequestPriority } from './rate-governor';

export interface CallOptions {
  priority?: RequestPriority;
  signal?: AbortSignal;
  meter?: RequestMeter;
  heartbeat?: () => void;
  /** Told why a request waits for the rate window, and with undefined when it goes (progress reports). */
  onWait?: (why: string | undefined) => void;
}

/** Intercom's contact search query language (single filters and nested AND/OR groups). */
export type SearchQuery =
  | { field: string; operator: string; value: string | number | boolean | null | Array<string | number> }
  | { operator: 'AND' | 'OR'; value: SearchQuery[] };

export interface SearchRequest {
  query: SearchQuery;
  perPage?: number;
  startingAfter?: string;
  sort?: { field: string; order: 'ascending' | 'descending' };
}

/** Intercom's cap on cursor page sizes. */
export const MAX_PER_PAGE = 150;

/** GET /companies?company_id=: the 2.16 schema says a one-item list, older docs a bare company; both read. */
const companyLookupSchema = z
  .union([companySchema, companyPageSchema.transform((page) => page.data[0])])
  .transform((company) => company ?? undefined);

/** POST /tags with `users` or `companies` (2.16): the tag, and per entity whether it was tagged. */
const tagResultSchema = tagSchema.extend({
  users: z.array(z.object({ id: z.string(), tagged: z.boolean().optional() }).loose()).optional(),
  companies: z.array(z.object({ id: z.string(), tagged: z.boolean().optional() }).loose()).optional(),
});
export type IntercomTagResult = z.infer<typeof tagResultSchema>;

const segmentListSchema = z.object({ data: z.array(z.object({ id: z.string(), name: z.string() }).loose()) }).loose();

export class IntercomClient {
  readonly transport: IntercomTransport;

  constructor(options: IntercomTransportOptions) {
    this.transport = new IntercomTransport(options);
  }

  /**
   * Any request described by its parts (the operations of src/operations and the raw call): paced,
   * authorised, classified and its answer validated by `request.schema` like every other method.
   */
  call<T>(request: Omit<IntercomRequest<T>, keyof CallOptions>, options: CallOptions = {}): Promise<T> {
    return this.transport.request({ ...request, ...options });
  }

  /** The token's admin and workspace (`app.id_code`, region, timezone). Cheap credentials check. */
  me(options: CallOptions = {}): Promise<IntercomMe> {
    return this.transport.request({ method: 'GET', path: '/me', schema: meSchema, ...options });
  }

  /** The workspace's admins (teammates): conversation payloads name assignees by id only. */
  async listAdmins(options: CallOptions = {}): Promise<IntercomAdmin[]> {
    return (await this.transport.request({ method: 'GET', path: '/admins', schema: adminListSchema, ...options }))
      .admins;
  }

  searchContacts(request: SearchRequest, options: CallOptions = {}): Promise<IntercomContactPage> {
    return this.transport.request({
      method: 'POST',
      path: '/contacts/search',
      body: {
        query: request.query,
        pagination: {
          per_page: Math.min(request.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE),
          ...(request.startingAfter === undefined ? {} : { starting_after: request.startingAfter }),
        },
        ...(request.sort === undefined ? {} : { sort: request.sort }),
      },
      schema: contactPageSchema,
      ...options,
    });
  }

  getContact(id: string, options: CallOptions = {}): Promise<IntercomContact> {
    return this.transport.request({
      method: 'GET',
      path: `/contacts/${encodeURIComponent(id)}`,
      schema: contactSchema,
      ...options,
    });
  }

  /** Every tag of a contact (the contact object embeds at most 10). */
  async contactTags(contactId: string, options: CallOptions = {}): Promise<IntercomTag[]> {
    const list = await this.transport.request({
      method: 'GET',
      path: `/contacts/${encodeURIComponent(contactId)}/tags`,
      schema: tagListSchema,
      ...options,
    });
    return list.data;
  }

  /** Every company of a contact, following the page-numbered list (Hull's connector read only page one). */
  async contactCompanies(contactId: string, options: CallOptions = {}): Promise<IntercomCompany[]> {
    const companies: IntercomCompany[] = [];
    for (let page = 1; page <= 100; page += 1) {
      const batch = await this.transport.request({
        method: 'GET',
        path: `/contacts/${encodeURIComponent(contactId)}/companies`,
        query: { page, per_page: 50 },
        schema: contactCompaniesSchema,
        ...options,
      });
      companies.push(...batch);
      if (batch.length < 50) break;
    }
    return companies;
  }

  /** Segment names of a contact: not embedded in the contact at all, so one request each. */
  async contactSegments(contactId: string, options: CallOptions = {}): Promise<string[]> {
    const list = await this.transport.request({
      method: 'GET',
      path: `/contacts/${encodeURIComponent(contactId)}/segments`,
      schema: segmentListSchema,
      ...options,
    });
    return list.data.map((segment) => segment.name);
  }

  async listTags(options: CallOptions = {}): Promise<IntercomTag[]> {
    return (await this.transport.request({ method: 'GET', path: '/tags', schema: tagListSchema, ...options })).data;
  }

  getCompany(id: string, options: CallOptions = {}): Promise<IntercomCompany> {
    return this.transport.request({
      method: 'GET',
      path: `/companies/${encodeURIComponent(id)}`,
      schema: companySchema,
      ...options,
    });
  }

  /**
   * One page of the companies scroll. Intercom allows one open scroll per app and expires it after a
   * minute idle; the first call has no `scrollParam`, the end is an empty page.
   */
  scrollCompanies(scrollParam: string | undefined, options: CallOptions = {}) {
    return this.transport.request({
      method: 'GET',
      path: '/companies/scroll',
      query: scrollParam === undefined ? undefined : { scroll_param: scrollParam },
      schema: companyScrollSchema,
      ...options,
    });
  }

  /** Page-numbered company list (sorted by last_request_at, capped at 10,000 results by Intercom). */
  listCompanies(page: number, perPage: number, options: CallOptions = {}) {
    return this.transport.request({
      method: 'POST',
      path: '/companies/list',
      query: { page, per_page: perPage, order: 'asc' },
      schema: companyPageSchema,
      ...options,
    });
  }

  // ---- writes ----------------------------------------------------------------------------------

  /** GET /contacts/find_by_external_id (users only); undefined when no user has it. */
  async findUserByExternalId(externalId: string, options: CallOptions = {}): Promise<IntercomContact | undefined> {
    try {
      return await this.transport.request({
        method: 'GET',
        path: `/contacts/find_by_external_id/${encodeURIComponent(externalId)}`,
        schema: contactSchema,
        ...options,
      });
    } catch (error) {
      if (error instanceof IntercomRequestError && error.details.status === 404) return undefined;
      throw error;
    }
  }

  /** Strict create: an existing match answers 409 `conflict` with its id (see conflictingContactId). */
  createContact(body: Record<string, unknown>, options: CallOptions = {}): Promise<IntercomContact> {
    return this.transport.request({
      method: 'POST',
      path: '/contacts',
      body,
      schema: contactSchema,
      idempotent: false,
      ...options,
    });
  }

  updateContact(id: string, body: Record<string, unknown>, options: CallOptions = {}): Promise<IntercomContact> {
    return this.transport.request({
      method: 'PUT',
      path: `/contacts/${encodeURIComponent(id)}`,
      body,
      schema: contactSchema,
      ...options,
    });
  }

  /** Restores an archived contact (a 409 can name one). */
  unarchiveContact(id: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({
      method: 'POST',
      path: `/contacts/${encodeURIComponent(id)}/unarchive`,
      ...options,
    });
  }

  /** Merges a lead into a user (API 2.x); the lead is gone afterwards. */
  mergeContacts(leadId: string, userId: string, options: CallOptions = {}): Promise<IntercomContact> {
    return this.transport.request({
      method: 'POST',
      path: '/contacts/merge',
      body: { from: leadId, into: userId },
      idempotent: false,
      schema: contactSchema,
      ...options,
    });
  }

  async listDataAttributes(model: 'contact' | 'company', options: CallOptions = {}): Promise<IntercomDataAttribute[]> {
    const list = await this.transport.request({
      method: 'GET',
      path: '/data_attributes',
      query: { model, include_archived: true },
      schema: dataAttributeListSchema,
      ...options,
    });
    return list.data;
  }

  createDataAttribute(
    attribute: { name: string; model: 'contact' | 'company'; data_type: string },
    options: CallOptions = {},
  ): Promise<IntercomDataAttribute> {
    return this.transport.request({
      method: 'POST',
      path: '/data_attributes',
      body: { ...attribute, description: 'Created by hull-intercom-sync for a Hull field mapping' },
      schema: dataAttributeSchema,
      ...options,
    });
  }

  /** Tags contacts by tag name in one request; POST /tags creates the tag when it does not exist. */
  tagContacts(name: string, contactIds: string[], options: CallOptions = {}): Promise<IntercomTag> {
    return this.transport.request({
      method: 'POST',
      path: '/tags',
      body: { name, users: contactIds.map((id) => ({ id })) },
      schema: tagSchema,
      ...options,
    });
  }

  untagContact(contactId: string, tagId: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({
      method: 'DELETE',
      path: `/contacts/${encodeURIComponent(contactId)}/tags/${encodeURIComponent(tagId)}`,
      ...options,
    });
  }

  /** Tags (or with `untag`, untags) a company, by Intercom company id. */
  tagCompany(name: string, companyId: string, untag: boolean, options: CallOptions = {}): Promise<IntercomTag> {
    return this.transport.request({
      method: 'POST',
      path: '/tags',
      body: { name, companies: [untag ? { id: companyId, untag: true } : { id: companyId }] },
      schema: tagSchema,
      ...options,
    });
  }

  /** Create-or-update keyed on `company_id`. */
  upsertCompany(body: Record<string, unknown>, options: CallOptions = {}): Promise<IntercomCompany> {
    return this.transport.request({ method: 'POST', path: '/companies', body, schema: companySchema, ...options });
  }

  /** Attaches a contact to a company by the company's *Intercom* id (not its company_id). */
  attachContactToCompany(contactId: string, companyId: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({
      method: 'POST',
      path: `/contacts/${encodeURIComponent(contactId)}/companies`,
      body: { id: companyId },
      ...options,
    });
  }

  /** Deletes a contact for good (Intercom keeps it restorable for a while in its UI). */
  deleteContact(id: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({ method: 'DELETE', path: `/contacts/${encodeURIComponent(id)}`, ...options });
  }

  archiveContact(id: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({ method: 'POST', path: `/contacts/${encodeURIComponent(id)}/archive`, ...options });
  }

  /** The company with this `company_id` (your id), or undefined when there is none. */
  async findCompanyByCompanyId(companyId: string, options: CallOptions = {}): Promise<IntercomCompany | undefined> {
    try {
      const page = await this.transport.request({
        method: 'GET',
        path: '/companies',
        query: { company_id: companyId },
        schema: companyLookupSchema,
        ...options,
      });
      return page;
    } catch (error) {
      if (error instanceof IntercomRequestError && error.details.status === 404) return undefined;
      throw error;
    }
  }

  /** Updates a company by its Intercom id (never creates one, unlike POST /companies). */
  updateCompany(id: string, body: Record<string, unknown>, options: CallOptions = {}): Promise<IntercomCompany> {
    return this.transport.request({
      method: 'PUT',
      path: `/companies/${encodeURIComponent(id)}`,
      body,
      schema: companySchema,
      ...options,
    });
  }

  /** Deletes a company by its Intercom id (Intercom archives it asynchronously and detaches its contacts). */
  deleteCompany(id: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({ method: 'DELETE', path: `/companies/${encodeURIComponent(id)}`, ...options });
  }

  /** Finds or creates a tag by name (names are case-insensitive in Intercom). */
  findOrCreateTag(name: string, options: CallOptions = {}): Promise<IntercomTag> {
    return this.transport.request({ method: 'POST', path: '/tags', body: { name }, schema: tagSchema, ...options });
  }

  /**
   * Tags or untags many companies with one tag in one request, by Intercom id or company_id. API 2.16
   * skips companies that do not exist and says which ones it tagged.
   */
  tagCompanies(
    name: string,
    companies: Array<{ id: string } | { company_id: string }>,
    untag: boolean,
    options: CallOptions = {},
  ): Promise<IntercomTagResult> {
    return this.transport.request({
      method: 'POST',
      path: '/tags',
      body: { name, companies: companies.map((company) => (untag ? { ...company, untag: true } : company)) },
      schema: tagResultSchema,
      ...options,
    });
  }

  /** Tags many contacts with one tag in one request; 2.16 reports which it tagged (missing ones are skipped). */
  tagContactsReporting(name: string, contactIds: string[], options: CallOptions = {}): Promise<IntercomTagResult> {
    return this.transport.request({
      method: 'POST',
      path: '/tags',
      body: { name, users: contactIds.map((id) => ({ id })) },
      schema: tagResultSchema,
      ...options,
    });
  }

  /** Tags a conversation on behalf of an admin. */
  tagConversation(conversationId: string, tagId: string, adminId: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({
      method: 'POST',
      path: `/conversations/${encodeURIComponent(conversationId)}/tags`,
      body: { id: tagId, admin_id: adminId },
      ...options,
    });
  }

  untagConversation(conversationId: string, tagId: string, adminId: string, options: CallOptions = {}): Promise<void> {
    return this.transport.request({
      method: 'DELETE',
      path: `/conversations/${encodeURIComponent(conversationId)}/tags/${encodeURIComponent(tagId)}`,
      body: { admin_id: adminId },
      ...options,
    });
  }

  /** Submits a data event (202, no body). */
  submitEvent(body: Record<string, unknown>, options: CallOptions = {}): Promise<void> {
    return this.transport.request({ method: 'POST', path: '/events', body, ...options });
  }
}
