/**
 * The Hull side of the outgoing scenarios: a synchronized segment, connector settings that send its
 * members to Intercom with a few mapped attributes (custom attributes included, so the engine has to
 * create them), and a cohort of identified users placed in it.
 */
import type { ConnectorSettingsInput } from '../src/config/connector-settings';
import { sandboxConnectorSettings } from '../src/runtime/sandbox-settings';
import {
  sampleSegmentId,
  stableId,
  type HullSegmentDefinition,
  type HullSimulator,
} from '@hull-intercom-sync/hull-simulator';

export const COHORT_SEGMENT: HullSegmentDefinition = {
  id: stableId('segment:Bench cohort'),
  name: 'Bench cohort',
  type: 'users_segment',
  query: { traits_bench_cohort: 'push' },
};

/** The attribute the steady-state scenario changes; mapped to a custom attribute. */
export const UPDATED_ATTRIBUTE = { hull: 'visits_count', intercom: 'visits_count' } as const;

/**
 * The sandbox's realistic settings, narrowed to the cohort segment. Scheduled incremental fetches are
 * switched off: one firing mid-scenario would add its requests to the push being measured.
 */
export function benchConnectorSettings(): ConnectorSettingsInput {
  return {
    ...sandboxConnectorSettings(sampleSegmentId),
    // The activation scenario defines its own; the sandbox's sample is not part of these.
    activations: [],
    synchronized_user_segments: [COHORT_SEGMENT.id],
    synchronized_lead_segments: [],
    synchronized_account_segments: [],
    fetch_users: false,
    fetch_leads: false,
    fetch_companies: false,
    outgoing_user_attributes: [
      { hull: 'name', service: 'name' },
      { hull: 'job_title', service: 'custom_attributes.job_title' },
      { hull: 'plan_tier', service: 'custom_attributes.plan_tier' },
      { hull: UPDATED_ATTRIBUTE.hull, service: `custom_attributes.${UPDATED_ATTRIBUTE.intercom}` },
    ],
  };
}

const FIRST = ['Ada', 'Grace', 'Alan', 'Linus', 'Barbara', 'Ken', 'Radia', 'Guido', 'Hedy', 'Tim'];
const LAST = ['Lovelace', 'Hopper', 'Turing', 'Torvalds', 'Liskov', 'Thompson', 'Perlman', 'van Rossum'];
const TITLES = ['Engineer', 'Product Manager', 'CTO', 'Designer', 'Support Lead', 'Founder'];
const TIERS = ['free', 'pro', 'enterprise'];

export interface Cohort {
  /** Hull user ids, in creation order. */
  ids: string[];
  /** Emails, for finding the matching Intercom contacts. */
  emails: Set<string>;
}

/**
 * Creates `size` identified users (email and external_id, like product sign-ups) in the cohort
 * segment, without notifying: the scenario decides when Hull tells the engine.
 */
export function createCohort(hull: HullSimulator, size: number, label: string): Cohort {
  const ids: string[] = [];
  const emails = new Set<string>();
  for (let i = 0; i < size; i += 1) {
    const first = FIRST[i % FIRST.length]!;
    const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
    const email = `${first.toLowerCase()}.${i}@${label}.bench.example`;
    const user = hull.upsertUser(
      { email, external_id: `${label}-${i}` },
      {
        name: `${first} ${last}`,
        job_title: TITLES[i % TITLES.length],
        plan_tier: TIERS[i % TIERS.length],
        [UPDATED_ATTRIBUTE.hull]: i % 60,
        bench_cohort: 'push',
      },
    );
    ids.push(user.id);
    emails.add(email);
  }
  return { ids, emails };
}
