/**
 * Realistic sample data for a workspace: users and leads with names, emails on company domains, locations,
 * browsers, owners and typed custom attributes; companies with plans and custom attributes; tags, segments,
 * notes, events and a few conversations. Some contacts carry more than 10 tags and companies so their
 * embedded summaries show `has_more`, and some leads share an email with a user (merge candidates).
 * Deterministic for a given `seed` and `referenceTime`, and linear in size (10,000 contacts in well
 * under a second). Records are written straight to the store: seeding emits no webhooks.
 */
import type { SimulatorContext } from './context';
import { Prng } from '@hull-intercom-sync/simulator-kit';
import type {
  AttributeValue,
  CompanyRecord,
  ContactRecord,
  ContactRole,
  DataAttributeRecord,
  DataAttributeType,
  TagRecord,
} from './records';
import {
  BROWSERS,
  COMPANY_PREFIXES,
  COMPANY_SUFFIXES,
  CONVERSATION_SUBJECTS,
  FIRST_NAMES,
  FREE_MAIL_DOMAINS,
  INDUSTRIES,
  LANGUAGES,
  LAST_NAMES,
  OPERATING_SYSTEMS,
  PLACES,
  PLANS,
  TAG_NAMES,
} from './seed-vocabulary';

export interface SeedOptions {
  users?: number;
  leads?: number;
  companies?: number;
  seed?: number;
  /** Clock time (ms) the data is generated relative to; defaults to the simulator clock. */
  referenceTime?: number;
}

export interface SeedSummary {
  users: number;
  leads: number;
  companies: number;
  tags: number;
  dataAttributes: number;
  segments: number;
  admins: number;
  conversations: number;
}

const DAY = 86_400;
/** Contacts that get more than 10 tags and companies, so their summaries have `has_more: true`. */
const POWER_USERS = 3;
const POWER_USER_LINKS = 12;

const CONTACT_ATTRIBUTES: [string, DataAttributeType, string[]?][] = [
  ['plan', 'options', [...PLANS]],
  ['seats', 'integer'],
  ['mrr', 'float'],
  ['beta_tester', 'boolean'],
  ['trial_ends_at', 'date'],
  ['last_login_at', 'datetime'],
  ['signup_source', 'string'],
];

const COMPANY_ATTRIBUTES: [string, DataAttributeType][] = [
  ['tier', 'string'],
  ['arr', 'float'],
  ['employees', 'integer'],
  ['churn_risk', 'boolean'],
  ['renewal_date', 'date'],
];

class WorkspaceSeeder {
  private readonly rng: Prng;
  private readonly ref: number;
  private readonly adminIds: string[] = [];
  private readonly tags: TagRecord[] = [];
  private readonly companies: { record: CompanyRecord; domain: string }[] = [];
  private readonly users: ContactRecord[] = [];

  constructor(
    private readonly ctx: SimulatorContext,
    private readonly options: SeedOptions,
  ) {
    this.rng = new Prng(options.seed ?? 1);
    this.ref = Math.floor((options.referenceTime ?? ctx.nowMs()) / 1000);
  }

  run(): SeedSummary {
    const store = this.ctx.store;
    store.reset();
    this.seedAdmins();
    this.seedDataAttributes();
    this.seedTags();
    for (let i = 0; i < (this.options.companies ?? 40); i += 1) this.seedCompany(i);
    const userCount = this.options.users ?? 200;
    for (let i = 0; i < userCount; i += 1) this.users.push(this.seedContact('user', i));
    const leadCount = this.options.leads ?? 50;
    for (let i = 0; i < leadCount; i += 1) this.seedContact('lead', i);
    this.seedSegments();
    this.seedConversations();
    return {
      users: userCount,
      leads: leadCount,
      companies: store.companies.size,
      tags: store.tags.size,
      dataAttributes: store.dataAttributes.size,
      segments: store.segments.size,
      admins: store.admins.size,
      conversations: store.conversations.size,
    };
  }

  private past(maxDays: number, minDays = 0): number {
    return this.ref - this.rng.int(minDays * DAY, maxDays * DAY);
  }

  private seedAdmins(): void {
    const store = this.ctx.store;
    this.adminIds.push(store.meAdminId);
    for (const [name, title] of [
      ['Orla Kennedy', 'Head of Support'],
      ['Marcus Reed', 'Account Executive'],
      ['Sunita Rao', 'Customer Success Manager'],
      ['Tom Delaney', 'Support Engineer'],
    ] as const) {
      const id = String(store.ids.numeric('admin', 991_267_459));
      const email = `${name.split(' ')[0]?.toLowerCase() ?? 'admin'}@sandbox-intercom.test`;
      store.admins.set(id, { id, name, email, job_title: title, avatar: null, team_ids: [] });
      this.adminIds.push(id);
    }
  }

  private seedDataAttributes(): void {
    const add = (
      model: 'contact' | 'company',
      name: string,
      dataType: DataAttributeType,
      options: string[] = [],
    ): void => {
      const store = this.ctx.store;
      const createdAt = this.past(700, 400);
      const attribute: DataAttributeRecord = {
        id: store.ids.numeric('data_attribute', 0),
        name,
        model,
        data_type: dataType,
        description: `${name.replace(/_/g, ' ')} (${model})`,
        options,
        messenger_writable: false,
        archived: false,
        admin_id: store.meAdminId,
        created_at: createdAt,
        updated_at: createdAt,
      };
      store.dataAttributes.set(attribute.id, attribute);
    };
    for (const [name, type, options] of CONTACT_ATTRIBUTES) add('contact', name, type, options);
    for (const [name, type] of COMPANY_ATTRIBUTES) add('company', name, type);
  }

  private seedTags(): void {
    for (const name of TAG_NAMES) {
      const tag: TagRecord = {
        id: String(this.ctx.store.ids.numeric('tag', 100)),
        name,
        created_at: this.past(700, 300),
      };
      this.ctx.store.saveTag(tag);
      this.tags.push(tag);
    }
  }

  private seedCompany(index: number): void {
    const rng = this.rng;
    const base = `${COMPANY_PREFIXES[index % COMPANY_PREFIXES.length] ?? 'Acme'} ${rng.pick(COMPANY_SUFFIXES)}`;
    const name = index < COMPANY_PREFIXES.length ? base : `${base} ${Math.floor(index / COMPANY_PREFIXES.length) + 1}`;
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '')}.com`;
    const createdAt = this.past(900, 60);
    const updatedAt = Math.min(this.ref, createdAt + rng.int(0, 200) * DAY);
    const plan = rng.pick(PLANS);
    const customAttributes: Record<string, AttributeValue> = {
      tier: plan === 'enterprise' ? 'strategic' : rng.pick(['smb', 'mid-market']),
      arr: Math.round(rng.next() * 250_000 * 100) / 100,
      employees: rng.int(3, 5_000),
      churn_risk: rng.chance(0.15),
    };
    if (rng.chance(0.6)) customAttributes.renewal_date = this.ref + rng.int(10, 300) * DAY;
    const record: CompanyRecord = {
      id: this.ctx.store.ids.objectId(createdAt),
      company_id: `cmp-${String(1_000 + index)}`,
      name,
      plan,
      size: rng.int(3, 5_000),
      website: `https://www.${domain}`,
      industry: rng.pick(INDUSTRIES),
      monthly_spend: rng.int(0, 20_000),
      session_count: rng.int(0, 3_000),
      remote_created_at: createdAt - rng.int(0, 400) * DAY,
      created_at: createdAt,
      updated_at: updatedAt,
      last_request_at: rng.chance(0.8) ? updatedAt : null,
      custom_attributes: customAttributes,
    };
    this.ctx.store.saveCompany(record);
    if (rng.chance(0.3)) this.ctx.store.tagCompany(record.id, rng.pick(this.tags).id);
    this.companies.push({ record, domain });
  }

  private contactAttributes(role: ContactRole): Record<string, AttributeValue> {
    const rng = this.rng;
    const attributes: Record<string, AttributeValue> = {
      signup_source: rng.pick(['organic', 'ads', 'referral', 'partner']),
    };
    if (role === 'user') {
      attributes.plan = rng.pick(PLANS);
      attributes.seats = rng.int(1, 250);
      attributes.mrr = Math.round(rng.next() * 5_000 * 100) / 100;
      attributes.beta_tester = rng.chance(0.2);
      if (rng.chance(0.7)) attributes.last_login_at = this.past(60);
    } else if (rng.chance(0.5)) {
      attributes.trial_ends_at = this.ref + rng.int(1, 30) * DAY;
    }
    return attributes;
  }

  private seedContact(role: ContactRole, index: number): ContactRecord {
    const rng = this.rng;
    const store = this.ctx.store;
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const company =
      this.companies.length > 0 && rng.chance(role === 'user' ? 0.85 : 0.3) ? rng.pick(this.companies) : undefined;
    const domain = company?.domain ?? rng.pick(FREE_MAIL_DOMAINS);
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    // A few leads reuse a user's email: the duplicates Intercom lets you merge.
    const sharedUser = role === 'lead' && index % 10 === 0 ? this.users[index] : undefined;
    const email =
      sharedUser?.email ??
      (role === 'lead' && rng.chance(0.25) ? null : `${local}${role === 'lead' ? '.lead' : ''}${index}@${domain}`);
    const createdAt = this.past(720, 1);
    const updatedAt = Math.min(this.ref, createdAt + rng.int(0, 120) * DAY + rng.int(0, DAY));
    const place = rng.pick(PLACES);
    const record: ContactRecord = {
      id: store.ids.objectId(createdAt),
      role,
      external_id: role === 'user' ? `usr_${(100_000 + index).toString(36)}${rng.int(100, 999)}` : null,
      email,
      email_verified: email === null ? null : rng.chance(0.7),
      phone: rng.chance(0.4) ? `+1${rng.int(200, 999)}555${String(rng.int(0, 9_999)).padStart(4, '0')}` : null,
      name: role === 'lead' && rng.chance(0.3) ? null : `${first} ${last}`,
      avatar: rng.chance(0.2) ? `https://static.sandbox-intercom.test/avatars/${index}.png` : null,
      owner_id: rng.chance(0.3) ? rng.pick(this.adminIds) : null,
      created_at: createdAt,
      updated_at: updatedAt,
      signed_up_at: role === 'user' ? createdAt : null,
      last_seen_at: rng.chance(0.8) ? Math.max(createdAt, updatedAt - rng.int(0, 10) * DAY) : null,
      last_replied_at: rng.chance(0.2) ? updatedAt : null,
      last_contacted_at: rng.chance(0.3) ? updatedAt : null,
      last_email_opened_at: rng.chance(0.3) ? updatedAt : null,
      last_email_clicked_at: rng.chance(0.1) ? updatedAt : null,
      language_override: rng.chance(0.1) ? rng.pick(LANGUAGES) : null,
      browser: rng.pick(BROWSERS),
      browser_version: `${rng.int(100, 125)}.0`,
      browser_language: rng.pick(LANGUAGES),
      os: rng.pick(OPERATING_SYSTEMS),
      location: {
        country: place.country,
        region: place.region,
        city: place.city,
        country_code: place.countryCode,
        continent_code: place.continent,
      },
      social_profiles: rng.chance(0.2)
        ? [{ type: 'social_profile', name: 'Twitter', url: `https://twitter.com/${local.replace('.', '_')}${index}` }]
        : [],
      unsubscribed_from_emails: rng.chance(0.05),
      has_hard_bounced: rng.chance(0.02),
      marked_email_as_spam: rng.chance(0.01),
      custom_attributes: this.contactAttributes(role),
      archived: false,
    };
    store.saveContact(record);
    this.linkContact(record, company?.record, role === 'user' && index < POWER_USERS);
    if (rng.chance(0.1)) {
      const noteId = String(store.ids.numeric('note', 1_000));
      const body = `<p>Spoke with ${first} about ${rng.pick(['renewal', 'onboarding', 'pricing', 'an outage'])}.</p>`;
      store.saveNote({
        id: noteId,
        contact_id: record.id,
        author_id: rng.pick(this.adminIds),
        body,
        created_at: updatedAt,
      });
    }
    if (rng.chance(0.3)) {
      for (let e = 0; e < rng.int(1, 4); e += 1) {
        store.addEvent({
          contact_id: record.id,
          event_name: rng.pick(['invited-teammate', 'exported-report', 'viewed-pricing', 'created-project']),
          created_at: this.past(60),
          metadata: { source: rng.pick(['web', 'ios', 'android']) },
        });
      }
    }
    return record;
  }

  private linkContact(contact: ContactRecord, company: CompanyRecord | undefined, powerUser: boolean): void {
    const store = this.ctx.store;
    const rng = this.rng;
    const tagCount = powerUser ? POWER_USER_LINKS : rng.int(0, 3);
    for (const tag of rng.sample(this.tags, tagCount)) {
      store.tagContact(contact.id, tag.id, { appliedAt: contact.updated_at, appliedBy: rng.pick(this.adminIds) });
    }
    if (company) store.attachCompany(contact.id, company.id);
    if (powerUser) {
      for (const { record } of rng.sample(this.companies, POWER_USER_LINKS)) store.attachCompany(contact.id, record.id);
    }
  }

  private seedSegments(): void {
    const store = this.ctx.store;
    const vip = store.tagByName('VIP');
    const definitions: [string, 'user' | 'contact', unknown][] = [
      ['All users', 'user', { field: 'role', operator: '=', value: 'user' }],
      ['All leads', 'contact', { field: 'role', operator: '=', value: 'lead' }],
      ['Enterprise customers', 'user', { field: 'custom_attributes.plan', operator: '=', value: 'enterprise' }],
      ['Active in the last 30 days', 'user', { field: 'last_seen_at', operator: '>', value: this.ref - 30 * DAY }],
      ['VIP', 'user', { field: 'tag_id', operator: '=', value: vip?.id ?? '' }],
    ];
    for (const [name, personType, query] of definitions) {
      const createdAt = this.past(600, 300);
      const id = store.ids.objectId(createdAt);
      store.segments.set(id, {
        id,
        name,
        person_type: personType,
        created_at: createdAt,
        updated_at: createdAt,
        query,
      });
    }
  }

  private seedConversations(): void {
    const store = this.ctx.store;
    const participants = this.users.slice(0, CONVERSATION_SUBJECTS.length);
    participants.forEach((user, index) => {
      const createdAt = this.past(30, 1);
      const adminId = this.rng.pick(this.adminIds);
      const id = String(store.ids.numeric('conversation', 100));
      const subject = CONVERSATION_SUBJECTS[index] ?? 'Hello';
      store.conversations.set(id, {
        id,
        title: subject,
        created_at: createdAt,
        updated_at: createdAt + 3_600,
        state: index % 2 === 0 ? 'closed' : 'open',
        read: true,
        priority: index === 0 ? 'high' : 'none',
        admin_assignee_id: Number(adminId),
        team_assignee_id: 0,
        contact_ids: [user.id],
        tag_ids: index === 0 && this.tags[0] ? [this.tags[0].id] : [],
        source: {
          type: 'conversation',
          delivered_as: 'customer_initiated',
          subject,
          body: `<p>${subject}?</p>`,
          author: { type: 'user', id: user.id },
        },
        parts: [
          {
            id: String(store.ids.numeric('conversation_part', 10_000)),
            part_type: 'assignment',
            body: null,
            created_at: createdAt + 60,
            author: { type: 'admin', id: adminId },
            assigned_to: adminId,
          },
          {
            id: String(store.ids.numeric('conversation_part', 10_000)),
            part_type: 'comment',
            body: '<p>Thanks for reaching out, looking into it now.</p>',
            created_at: createdAt + 600,
            author: { type: 'admin', id: adminId },
            assigned_to: null,
          },
        ],
      });
    });
  }
}

/** Replaces the workspace's data with freshly generated sample data. */
export function seedWorkspace(ctx: SimulatorContext, options: SeedOptions = {}): SeedSummary {
  return new WorkspaceSeeder(ctx, options).run();
}
