/**
 * Realistic, deterministic sample data: companies with domains, identified users (some with an
 * external id, most linked to their company), anonymous Intercom leads known only by an anonymous
 * id, a few events each, and the segments a sync is usually configured with. The same seed gives
 * the same data on every run (seeded PRNG, fixed epoch); thousands of users take milliseconds.
 */
import { stableId } from './ids';
import { Prng } from '@hull-intercom-sync/simulator-kit';
import { Touched, type HullState } from './state';
import type { HullAccount, HullSegmentDefinition, HullUser } from './types';

export interface SeedOptions {
  users?: number;
  accounts?: number;
  seed?: number;
}

export interface SeededData {
  users: HullUser[];
  accounts: HullAccount[];
}

/** Sample segments; their ids are stable so settings can name them across runs. */
export const SAMPLE_SEGMENTS: readonly HullSegmentDefinition[] = [
  {
    id: stableId('segment:Customers'),
    name: 'Customers',
    type: 'users_segment',
    query: { traits_lifecycle_stage: 'customer' },
  },
  { id: stableId('segment:Leads'), name: 'Leads', type: 'users_segment', query: { traits_lifecycle_stage: 'lead' } },
  {
    id: stableId('segment:Engaged users'),
    name: 'Engaged users',
    type: 'users_segment',
    match: (profile) => typeof profile.traits_visits_count === 'number' && profile.traits_visits_count >= 30,
  },
  {
    id: stableId('segment:Enterprise accounts'),
    name: 'Enterprise accounts',
    type: 'accounts_segment',
    query: { plan: 'enterprise' },
  },
];

/** The id of the sample segment named `name`, for settings that whitelist it. */
export function sampleSegmentId(name: string): string {
  const segment = SAMPLE_SEGMENTS.find((candidate) => candidate.name === name);
  if (segment === undefined) throw new Error(`the Hull simulator has no sample segment named ${name}`);
  return segment.id;
}

const SEED_EPOCH = Date.parse('2024-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;

const FIRST_NAMES = [
  'Ada',
  'Alan',
  'Grace',
  'Linus',
  'Margaret',
  'Ken',
  'Barbara',
  'Dennis',
  'Frances',
  'Tim',
  'Hedy',
  'Guido',
  'Radia',
  'Bjarne',
  'Karen',
  'John',
  'Sophie',
  'Yukihiro',
  'Anita',
  'Rasmus',
];
const LAST_NAMES = [
  'Lovelace',
  'Turing',
  'Hopper',
  'Torvalds',
  'Hamilton',
  'Thompson',
  'Liskov',
  'Ritchie',
  'Allen',
  'Berners-Lee',
  'Lamarr',
  'van Rossum',
  'Perlman',
  'Stroustrup',
  'Jones',
  'McCarthy',
  'Wilson',
  'Matsumoto',
  'Borg',
  'Lerdorf',
];
const COMPANY_WORDS = [
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Hooli',
  'Vandelay',
  'Stark',
  'Wayne',
  'Tyrell',
  'Cyberdyne',
  'Soylent',
  'Aperture',
  'Wonka',
  'Gringotts',
  'Oscorp',
];
const COMPANY_KINDS = ['Labs', 'Systems', 'Industries', 'Analytics', 'Cloud', 'Logistics', 'Health', 'Media'];
const TLDS = ['com', 'io', 'co', 'dev', 'org'];
const INDUSTRIES = ['Software', 'Retail', 'Finance', 'Healthcare', 'Manufacturing', 'Education'];
const PLANS = ['free', 'free', 'pro', 'pro', 'enterprise'];
const JOB_TITLES = ['Engineer', 'Product Manager', 'CTO', 'Designer', 'Support Lead', 'Founder', 'Marketing Manager'];
const PERSONAL_DOMAINS = ['gmail.com', 'outlook.com', 'yahoo.com', 'proton.me'];
const EVENTS = [
  {
    event: 'Page Viewed',
    source: 'website',
    type: 'page',
    properties: (r: Prng) => ({ path: r.pick(['/', '/pricing', '/docs', '/blog']) }),
  },
  {
    event: 'Feature Used',
    source: 'product',
    type: 'usage',
    properties: (r: Prng) => ({ feature: r.pick(['export', 'search', 'reports']) }),
  },
  {
    event: 'Invoice Paid',
    source: 'billing',
    type: 'payment',
    properties: (r: Prng) => ({ amount: r.int(10, 900), currency: 'EUR' }),
  },
];

const slug = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '');
const daysAgo = (random: Prng, maxDays: number): string =>
  new Date(SEED_EPOCH - random.int(0, maxDays) * DAY_MS).toISOString();

function seedAccount(state: HullState, random: Prng, index: number): HullAccount {
  const { store } = state;
  const name = `${random.pick(COMPANY_WORDS)} ${random.pick(COMPANY_KINDS)}`;
  let domain = `${slug(name)}.${random.pick(TLDS)}`;
  if (store.accounts.findBy('domain', domain) !== undefined) domain = `${slug(name)}${index}.${random.pick(TLDS)}`;
  const account = store.createAccount(daysAgo(random, 900));
  store.accounts.setKey(account, 'domain', domain);
  if (random.next() < 0.5) store.accounts.setKey(account, 'external_id', `acct-${index + 1}`);
  account.traits = {
    name,
    plan: random.pick(PLANS),
    employees: random.int(2, 5000),
    industry: random.pick(INDUSTRIES),
  };
  return account;
}

function seedEvents(state: HullState, random: Prng, user: HullUser, seed: number, index: number): void {
  const count = random.int(0, 3);
  for (let k = 0; k < count; k += 1) {
    const template = random.pick(EVENTS);
    state.store.upsertEvent({
      event_id: `seed:${seed}:${index}:${k}`,
      user_id: user.id,
      event: template.event,
      properties: template.properties(random),
      created_at: daysAgo(random, 90),
      source: template.source,
      type: template.type,
      context: { ip: null, useragent: null },
      app_id: null,
    });
  }
}

function seedUser(state: HullState, random: Prng, accounts: HullAccount[], seed: number, index: number): HullUser {
  const { store } = state;
  const user = store.createUser(daysAgo(random, 700));
  const visits = random.int(0, 60);
  if (random.next() < 0.15) {
    // An anonymous Intercom lead: known only by its anonymous id until it gives an email.
    store.users.addAnonymousId(user, `intercom:${(0x5f000000 + index).toString(16)}${seed}`);
    user.traits = { lifecycle_stage: 'lead', visits_count: visits, last_seen_at: daysAgo(random, 30) };
    return user;
  }
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const account = accounts.length > 0 && random.next() < 0.75 ? random.pick(accounts) : undefined;
  const domain = account?.domain ?? random.pick(PERSONAL_DOMAINS);
  store.users.setKey(user, 'email', `${slug(first)}.${slug(last)}${index}@${domain}`);
  if (random.next() < 0.3) store.users.setKey(user, 'external_id', `u-${1000 + index}`);
  if (account !== undefined) store.link(user, account.id);
  user.traits = {
    name: `${first} ${last}`,
    first_name: first,
    last_name: last,
    job_title: random.pick(JOB_TITLES),
    lifecycle_stage: random.pick(['customer', 'customer', 'lead', 'trial']),
    visits_count: visits,
    signed_up_at: user.created_at,
    last_seen_at: daysAgo(random, 30),
  };
  seedEvents(state, random, user, seed, index);
  return user;
}

export function seedSampleData(state: HullState, options: SeedOptions = {}): SeededData {
  const seed = options.seed ?? 42;
  const random = new Prng(seed);
  const at = state.nowIso();
  for (const definition of SAMPLE_SEGMENTS)
    if (state.segments.get(definition.id) === undefined) state.segments.upsert(definition, at);
  const touched = new Touched();
  const accounts = Array.from({ length: options.accounts ?? 10 }, (_, index) => seedAccount(state, random, index));
  const users = Array.from({ length: options.users ?? 50 }, (_, index) =>
    seedUser(state, random, accounts, seed, index),
  );
  for (const account of accounts) touched.account(account);
  for (const user of users) touched.user(user);
  state.counters.accountsCreated += accounts.length;
  state.counters.usersCreated += users.length;
  return state.commit(touched);
}
