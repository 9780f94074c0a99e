/**
 * Small per-process caches for names Intercom does not embed where the sync needs them: contacts
 * carry tag and company *ids* only, conversations their assignee's id only, and search dates depend
 * on the workspace timezone. One list of tags serves every page, one list of admins every
 * conversation event; each company name is fetched once per TTL, not once per contact.
 */
import { isGoneError } from './errors';
import type { CallOptions, IntercomClient } from './client';
import type { IntercomAdmin, IntercomContact, IntercomDataAttribute } from './schemas';

/** How long the admin list serves, and how long an id the list lacked is not looked for again. */
const ADMINS_TTL_MS = 3_600_000;
const ADMIN_MISS_TTL_MS = 60_000;

/** Company-name misses (since the last warm-up) after which the whole list is read at once. */
const WARM_AFTER_MISSES = 20;

interface Cached<T> {
  value: T;
  expiresAt: number;
}

export class IntercomLookups {
  #tags: Cached<Map<string, string>> | undefined;
  #timezone: Cached<string | undefined> | undefined;
  readonly #companies = new Map<string, Cached<string | null>>();
  readonly #contacts = new Map<string, Cached<IntercomContact>>();
  readonly #attributes = new Map<'contact' | 'company', Cached<IntercomDataAttribute[]>>();
  readonly #creating = new Map<string, Promise<IntercomDataAttribute>>();
  #admins: Cached<Map<string, IntercomAdmin>> = { value: new Map(), expiresAt: 0 };
  /** Admin ids the latest read of the list did not contain, and when. */
  readonly #adminMisses = new Map<string, number>();
  #adminsReading: Promise<void> | undefined;
  #companyMisses = 0;
  #warmedAt: number | undefined;

  constructor(
    private readonly intercom: IntercomClient,
    private readonly options: {
      tagTtlMs?: number;
      companyTtlMs?: number;
      maxCompanies?: number;
      now?: () => number;
    } = {},
  ) {}

  #now(): number {
    return (this.options.now ?? Date.now)();
  }

  get #companyTtlMs(): number {
    return this.options.companyTtlMs ?? 600_000;
  }

  /** Tag id → name; refreshed when stale or when an id is unknown (a tag created since). */
  async tagNames(ids: string[], call: CallOptions): Promise<string[]> {
    if (ids.length === 0) return [];
    let tags = this.#tags;
    if (tags === undefined || tags.expiresAt < this.#now() || ids.some((id) => !tags!.value.has(id))) {
      tags = await this.#refreshTags(call);
    }
    return ids.flatMap((id) => {
      const name = tags.value.get(id);
      return name === undefined ? [] : [name];
    });
  }

  /** Tag name → id (case-insensitive, as Intercom compares tag names), refreshing once on a miss. */
  async tagId(name: string, call: CallOptions): Promise<string | undefined> {
    const find = () =>
      [...(this.#tags?.value ?? new Map<string, string>())].find(
        ([, n]) => n.toLowerCase() === name.toLowerCase(),
      )?.[0];
    const fresh = this.#tags !== undefined && this.#tags.expiresAt >= this.#now();
    const hit = fresh ? find() : undefined;
    if (hit !== undefined) return hit;
    await this.#refreshTags(call);
    return find();
  }

  async #refreshTags(call: CallOptions): Promise<Cached<Map<string, string>>> {
    const list = await this.intercom.listTags(call);
    this.#tags = {
      value: new Map(list.map((tag) => [tag.id, tag.name])),
      expiresAt: this.#now() + (this.options.tagTtlMs ?? 60_000),
    };
    return this.#tags;
  }

  /** The model's data attributes (standard and custom), cached; `refresh` after creating some. */
  async dataAttributes(
    model: 'contact' | 'company',
    call: CallOptions,
    refresh = false,
  ): Promise<IntercomDataAttribute[]> {
    const cached = this.#attributes.get(model);
    if (!refresh && cached !== undefined && cached.expiresAt >= this.#now()) return cached.value;
    const list = await this.intercom.listDataAttributes(model, call);
    this.#attributes.set(model, { value: list, expiresAt: this.#now() + 300_000 });
    return list;
  }

  /**
   * Creates a data attribute once per process: records written concurrently that need the same new
   * attribute wait for one creation instead of each trying (and all but one being refused).
   */
  createDataAttribute(
    attribute: { name: string; model: 'contact' | 'company'; data_type: string },
    call: CallOptions,
  ): Promise<IntercomDataAttribute> {
    const key = `${attribute.model}:${attribute.name}`;
    let creation = this.#creating.get(key);
    if (creation === undefined) {
      creation = this.intercom.createDataAttribute(attribute, call).then((created) => {
        this.#rememberDataAttribute(created);
        return created;
      });
      this.#creating.set(key, creation);
      void creation.finally(() => this.#creating.delete(key)).catch(() => undefined);
    }
    return creation;
  }

  /** Adds an attribute this process just created, so the next record does not list them again. */
  #rememberDataAttribute(attribute: IntercomDataAttribute): void {
    const model = attribute.model === 'company' ? 'company' : 'contact';
    const cached = this.#attributes.get(model);
    if (cached !== undefined) cached.value = [...cached.value.filter((a) => a.name !== attribute.name), attribute];
  }

  /** Company id → name, one GET per unknown company (bounded by distinct companies, not contacts). */
  async companyNames(ids: string[], call: CallOptions): Promise<string[]> {
    const stale = (cached: Cached<string | null> | undefined): cached is undefined =>
      cached === undefined || cached.expiresAt < this.#now();
    const misses = ids.filter((id) => stale(this.#companies.get(id))).length;
    this.#companyMisses += misses;
    if (this.#companyMisses >= WARM_AFTER_MISSES && misses > 0) await this.#warmCompanies(call);
    const names: string[] = [];
    for (const id of ids) {
      let cached = this.#companies.get(id);
      if (stale(cached)) {
        const company = await this.intercom.getCompany(id, call).catch((error: unknown) => {
          // A company deleted since the contact was read: leave it out rather than fail the page.
          if (isGoneError(error)) return undefined;
          throw error;
        });
        cached = { value: company?.name ?? null, expiresAt: this.#now() + this.#companyTtlMs };
        this.#remember(id, cached);
      }
      if (cached.value) names.push(cached.value);
    }
    return names;
  }

  /**
   * Reads every company name from the page-numbered list (60 per request) when lookups keep missing:
   * for a fetch of thousands of contacts that is ~N/60 requests once, instead of one GET per company.
   * The list stops at 10,000 companies; names past that are still read one by one.
   */
  async #warmCompanies(call: CallOptions): Promise<void> {
    this.#companyMisses = 0;
    if (this.#warmedAt !== undefined && this.#now() - this.#warmedAt < this.#companyTtlMs / 2) return;
    this.#warmedAt = this.#now();
    for (let page = 1; page <= Math.ceil(10_000 / 60); page += 1) {
      const list = await this.intercom.listCompanies(page, 60, call);
      for (const company of list.data) this.rememberCompany(company.id, company.name);
      if (list.data.length === 0 || page >= (list.pages?.total_pages ?? 0)) break;
    }
  }

  /** Records names learnt elsewhere (a company page), saving requests later. */
  rememberCompany(id: string, name: string | null | undefined): void {
    this.#remember(id, { value: name ?? null, expiresAt: this.#now() + this.#companyTtlMs });
  }

  /**
   * An admin by id, from the workspace's admin list: one GET /admins serves every conversation event
   * this worker handles. The list is read again when stale, or for an id it does not hold (a teammate
   * added since); an id still missing after that (a teammate removed) is not looked for again for a
   * minute, so it does not cost a request per event. Concurrent reads of the list are one request.
   */
  async admin(id: string, call: CallOptions): Promise<IntercomAdmin | undefined> {
    if (this.#admins.expiresAt >= this.#now()) {
      const hit = this.#admins.value.get(id);
      if (hit !== undefined) return hit;
      const missedAt = this.#adminMisses.get(id);
      if (missedAt !== undefined && this.#now() - missedAt < ADMIN_MISS_TTL_MS) return undefined;
    }
    await this.#readAdmins(call);
    const found = this.#admins.value.get(id);
    if (found === undefined) {
      if (this.#adminMisses.size >= 1_000) this.#adminMisses.clear();
      this.#adminMisses.set(id, this.#now());
    }
    return found;
  }

  #readAdmins(call: CallOptions): Promise<void> {
    this.#adminsReading ??= this.intercom
      .listAdmins(call)
      .then((admins) => {
        this.#admins = { value: new Map(admins.map((a) => [a.id, a])), expiresAt: this.#now() + ADMINS_TTL_MS };
      })
      .finally(() => {
        this.#adminsReading = undefined;
      });
    return this.#adminsReading;
  }

  /** A contact by id, cached briefly: conversation events need its role and identity, not fresh data. */
  async contact(id: string, call: CallOptions): Promise<IntercomContact> {
    const cached = this.#contacts.get(id);
    if (cached !== undefined && cached.expiresAt >= this.#now()) return cached.value;
    const contact = await this.intercom.getContact(id, call);
    if (this.#contacts.size >= 10_000) this.#contacts.delete(this.#contacts.keys().next().value!);
    this.#contacts.set(id, { value: contact, expiresAt: this.#now() + 600_000 });
    return contact;
  }

  /** The workspace's IANA timezone (GET /me), which contact search date filters are day-granular in. */
  async workspaceTimezone(call: CallOptions): Promise<string | undefined> {
    if (this.#timezone === undefined || this.#timezone.expiresAt < this.#now()) {
      const me = await this.intercom.me(call);
      this.#timezone = { value: me.app?.timezone ?? undefined, expiresAt: this.#now() + 3_600_000 };
    }
    return this.#timezone.value;
  }

  #remember(id: string, entry: Cached<string | null>): void {
    if (this.#companies.size >= (this.options.maxCompanies ?? 50_000)) {
      const oldest = this.#companies.keys().next().value;
      if (oldest !== undefined) this.#companies.delete(oldest);
    }
    this.#companies.delete(id);
    this.#companies.set(id, entry);
  }
}
