/**
 * IntercomSimulator: a stateful Intercom REST API 2.16 on loopback for tests, benchmarks and sandbox mode.
 * It owns the store, the HTTP server, rate limiting, fault injection and webhook emission, and offers
 * "admin" helpers that change data the way a teammate in the Intercom UI would (stamping updated_at with
 * a chosen time), for incremental-fetch scenarios.
 */
import type { FastifyInstance } from 'fastify';
import { envelope, listenOnLoopback, openEnvelope, type SnapshotEnvelope } from '@hull-intercom-sync/simulator-kit';
import type { SimulatorContext } from './context';
import { FaultInjector } from './faults';
import { resolveOptions, type IntercomSimulatorOptions, type RequestRecord, type ResolvedOptions } from './options';
import { RateLimiter } from './rate-limit';
import type { CompanyRecord } from './records';
import { CompanyScrollRegistry } from './scroll';
import { seedWorkspace, type SeedOptions, type SeedSummary } from './seed';
import { registerControlRoutes } from './routes/control';
import { newOAuthState } from './routes/oauth';
import { buildServer } from './server';
import { contactToJson, type JsonObject } from './serialize/contact';
import { companyToJson } from './serialize/company';
import { adminToJson, dataAttributeToJson, segmentToJson, tagToJson } from './serialize/resources';
import { DEFAULT_ADMIN, IntercomStore, type IntercomStoreSnapshot } from './store';
import { WebhookEmitter, type WebhookDelivery } from './webhooks';
import {
  createContact,
  deleteContact,
  setArchived,
  updateContact,
  type ContactInput,
  type WriteOptions,
} from './services/contacts';
import {
  attachCompanyToContact,
  deleteCompany,
  isListed,
  updateCompany,
  upsertCompany,
  type CompanyInput,
} from './services/companies';
import { findOrCreateTag, tagContact, untagContact } from './services/tags';
import { createDataAttribute, type DataAttributeInput } from './services/data-attributes';
import { mergeContacts } from './services/merge';
import { startConversation } from './services/conversations';

/**
 * Options of the admin helpers: `at` (Unix seconds) is stamped as updated_at (and created_at on
 * creation) instead of the clock; `overrides` sets fields Intercom fills itself (location, browser, …).
 */
export type AdminChangeOptions = WriteOptions;

/** The workspace's data as plain JSON (`snapshot()`, `restore()`); request logs and faults are not part of it. */
export type IntercomSnapshot = SnapshotEnvelope<'intercom', IntercomStoreSnapshot>;

const SNAPSHOT_FORMAT = 1;

export class IntercomSimulator {
  readonly store: IntercomStore;
  readonly requestLog: RequestRecord[] = [];
  readonly specViolations: string[] = [];
  faults: FaultInjector;
  private readonly options: ResolvedOptions;
  private readonly ctx: SimulatorContext;
  private readonly webhooks: WebhookEmitter;
  private readonly rateLimiter: RateLimiter;
  private readonly scroll: CompanyScrollRegistry;
  private server: FastifyInstance | undefined;
  private baseUrl = '';
  /** The OAuth flow's codes and issued tokens (routes/oauth.ts). */
  private readonly oauth = newOAuthState();

  constructor(options: IntercomSimulatorOptions = {}) {
    this.options = resolveOptions(options);
    const now = this.options.now;
    this.store = new IntercomStore(this.options.appId);
    this.faults = new FaultInjector(now);
    this.rateLimiter = new RateLimiter(this.options.rateLimitPerMinute, now);
    this.scroll = new CompanyScrollRegistry(this.options.scrollIdleTimeoutMs, now);
    this.webhooks = new WebhookEmitter({
      appId: this.options.appId,
      clientSecret: this.options.clientSecret,
      webhook: this.options.webhook,
      autoWebhooks: this.options.autoWebhooks,
      nowSeconds: () => Math.floor(now() / 1000),
    });
    this.ctx = {
      store: this.store,
      options: this.options,
      notifier: this.webhooks,
      nowMs: now,
      nowSeconds: () => Math.floor(now() / 1000),
      baseUrl: () => this.baseUrl,
    };
  }

  /** Revokes every token the OAuth flow issued (as an uninstall of the app does): they get 401 from then on. */
  revokeOAuthTokens(): number {
    const revoked = this.oauth.tokens.size;
    this.oauth.tokens.clear();
    return revoked;
  }

  /** Base URL of the running server, e.g. `http://127.0.0.1:41234`; empty before start(). */
  get url(): string {
    return this.baseUrl;
  }

  /** Starts the HTTP server on loopback (port 0 = any free port) and returns its base URL. */
  async start(port = 0): Promise<string> {
    if (this.server) return this.baseUrl;
    const server = buildServer({
      ctx: this.ctx,
      rateLimiter: this.rateLimiter,
      faults: () => this.faults,
      scroll: this.scroll,
      requestLog: this.requestLog,
      specViolations: this.specViolations,
      oauth: this.oauth,
    });
    registerControlRoutes(server, this);
    this.baseUrl = await listenOnLoopback(server, port);
    this.server = server;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await this.webhooks.flush();
    if (server) await server.close();
  }

  /** Replaces the workspace data with realistic sample data (deterministic for a given seed). */
  seed(options: SeedOptions = {}): SeedSummary {
    this.scroll.clear();
    return seedWorkspace(this.ctx, options);
  }

  /** The workspace's data, to be handed to `restore()` later (a sandbox keeps it across restarts). */
  snapshot(): IntercomSnapshot {
    return envelope('intercom', SNAPSHOT_FORMAT, this.store.snapshot());
  }

  /** Replaces the workspace's data with a snapshot; throws SnapshotError for anything else. */
  restore(snapshot: unknown): void {
    const state = openEnvelope<IntercomStoreSnapshot>(snapshot, 'intercom', SNAPSHOT_FORMAT);
    this.scroll.clear();
    this.store.restore(state);
  }

  /** Changes where notifications go and whether REST changes emit them, after construction. */
  setWebhook(webhook: { url: string; topics: string[] } | undefined, autoWebhooks = this.options.autoWebhooks): void {
    this.webhooks.configure(webhook, autoWebhooks);
  }

  /** Where webhooks go and which topics the app is subscribed to; undefined when nowhere. */
  get webhook(): { url: string; topics: string[] } | undefined {
    return this.webhooks.target;
  }

  /** POSTs a signed 2.x `notification_event` for `topic` to `options.webhook.url`. */
  emitWebhook(topic: string, item: unknown): Promise<{ status: number }> {
    return this.webhooks.emit(topic, item);
  }

  /** Waits until every webhook triggered by `autoWebhooks` has been delivered (or failed). */
  flushWebhooks(): Promise<void> {
    return this.webhooks.flush();
  }

  /** Every notification sent so far, with the exact raw body and the receiver's status. */
  get webhookDeliveries(): readonly WebhookDelivery[] {
    return this.webhooks.deliveries;
  }

  resetRequestLog(): void {
    this.requestLog.length = 0;
  }

  /** Request counts keyed by `METHOD /spec/template` (or the raw path when no route matched). */
  get counters(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.requestLog) {
      const key = `${record.method} ${record.route ?? record.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Number of logged requests for a method and spec path template, e.g. ('POST', '/contacts/search'). */
  requestCount(method: string, route: string): number {
    return this.requestLog.filter((r) => r.method === method.toUpperCase() && r.route === route).length;
  }

  /** The companies Intercom lists (GET /companies, scroll, list): those with at least one contact. */
  listedCompanies(): CompanyRecord[] {
    return [...this.store.companies.values()].filter((company) => isListed(this.ctx, company));
  }

  // ---- changes made "inside Intercom" (by admins), for incremental-fetch and webhook scenarios ----------

  createContact(input: ContactInput, options: AdminChangeOptions = {}): JsonObject {
    return contactToJson(this.store, createContact(this.ctx, input, options));
  }

  /** Partial update; sets updated_at to `options.at` (seconds) or now when anything changed. */
  updateContact(id: string, patch: ContactInput, options: AdminChangeOptions = {}): JsonObject {
    return contactToJson(this.store, updateContact(this.ctx, id, patch, options));
  }

  deleteContact(id: string): void {
    deleteContact(this.ctx, id);
  }

  archiveContact(id: string, archived = true): void {
    setArchived(this.ctx, id, archived);
  }

  mergeContacts(leadId: string, userId: string): JsonObject {
    return contactToJson(this.store, mergeContacts(this.ctx, leadId, userId, true));
  }

  /** Creates (or, for an existing company_id, updates) a company. */
  createCompany(
    input: CompanyInput & { company_id: string },
    options: { at?: number; overrides?: Partial<Omit<CompanyRecord, 'id' | 'company_id'>> } = {},
  ): JsonObject {
    return companyToJson(this.store, upsertCompany(this.ctx, input, options).company);
  }

  updateCompany(id: string, patch: CompanyInput, options: { at?: number } = {}): JsonObject {
    return companyToJson(this.store, updateCompany(this.ctx, id, patch, options));
  }

  deleteCompany(id: string): void {
    deleteCompany(this.ctx, id);
  }

  attachContactToCompany(contactId: string, companyId: string): void {
    attachCompanyToContact(this.ctx, contactId, companyId);
  }

  /** Tags a contact by tag name, creating the tag if needed; returns the tag. */
  tagContact(contactId: string, tagName: string): JsonObject {
    const tag = findOrCreateTag(this.ctx, tagName);
    tagContact(this.ctx, contactId, tag.id);
    return tagToJson(tag);
  }

  untagContact(contactId: string, tagId: string): void {
    untagContact(this.ctx, contactId, tagId);
  }

  /** Adds a teammate (GET /admins lists it; conversations can be assigned to it); returns it. */
  addAdmin(input: { name: string; email: string; job_title?: string | null }): JsonObject {
    const id = String(this.store.ids.numeric('admin', Number(DEFAULT_ADMIN.id)));
    const admin = { id, name: input.name, email: input.email, job_title: input.job_title ?? null, avatar: null };
    this.store.admins.set(id, { ...admin, team_ids: [] });
    return adminToJson(this.store.admins.get(id)!);
  }

  /**
   * A segment of companies, with its members given explicitly (the simulator evaluates no company
   * rules): companies embed it in their `segments` list and GET /companies/{id}/segments lists it.
   */
  createCompanySegment(name: string, companyIds: string[], options: { at?: number } = {}): JsonObject {
    const at = options.at ?? Math.floor(this.options.now() / 1000);
    const id = this.store.ids.objectId(at);
    const segment = { id, name, person_type: 'user' as const, created_at: at, updated_at: at, query: null };
    this.store.segments.set(id, { ...segment, company_ids: [...companyIds] });
    return segmentToJson(this.store.segments.get(id)!);
  }

  /** Starts a conversation from a contact (the way a customer writes in); returns its id. */
  createConversation(contactId: string, subject = 'Hello'): string {
    if (!this.store.contacts.has(contactId)) throw new Error(`no contact ${contactId}`);
    return startConversation(this.ctx, {
      contactId,
      author: { type: 'user', id: contactId },
      body: subject,
      subject,
      kind: 'conversation',
      deliveredAs: 'customer_initiated',
    }).id;
  }

  /** Names of a conversation's tags. */
  conversationTags(conversationId: string): string[] {
    const conversation = this.store.conversations.get(conversationId);
    return (conversation?.tag_ids ?? []).flatMap((id) => {
      const tag = this.store.tags.get(id);
      return tag ? [tag.name] : [];
    });
  }

  createDataAttribute(input: DataAttributeInput): JsonObject {
    return dataAttributeToJson(createDataAttribute(this.ctx, input));
  }
}
