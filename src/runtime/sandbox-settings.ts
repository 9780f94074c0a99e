/**
 * The connector settings sandbox mode starts with: the sample segments synchronised, every webhook
 * topic accepted, a few outgoing mappings to show custom attributes being created. Edit them live
 * through the Hull simulator's settings, as one would in Hull's dashboard.
 */
import type { ConnectorSettingsInput } from '../config/connector-settings';
import { INCOMING_EVENT_TOPICS } from '../config/connector-settings';
import { DELIVERED_TOPICS } from '../sync/incoming/topics';

/**
 * The sandbox's sample activation: the embedded database's `sample_customers` table upserted as
 * Intercom contacts by email every 5 minutes (and once at start), only changed rows written. Edit a
 * row (`psql` to the database URL the start-up log names) and watch the next run write just that one.
 */
export const SAMPLE_ACTIVATION = {
  name: 'sample-customers',
  description: 'Sample warehouse customers → Intercom contacts (sandbox)',
  source: { kind: 'postgres', query: 'SELECT * FROM sample_customers' },
  object: 'contact',
  behaviour: 'upsert',
  identifier: { field: 'email', column: 'email' },
  key: 'customer_id',
  mapping: [
    { column: 'customer_id', field: 'external_id' },
    { column: 'full_name', field: 'name' },
    { column: 'plan', field: 'custom_attributes.warehouse_plan' },
    { column: 'seats', field: 'custom_attributes.seats' },
    { column: 'signed_up', field: 'signed_up_at' },
  ],
  schedule: { every_minutes: 5 },
  page_size: 50,
} as const;

/** `segmentId` names the Hull simulator's sample segments (`Customers`, `Leads`, `Enterprise accounts`). */
export const sandboxConnectorSettings = (segmentId: (name: string) => string): ConnectorSettingsInput => ({
  synchronized_user_segments: [segmentId('Customers')],
  synchronized_lead_segments: [segmentId('Leads')],
  synchronized_account_segments: [segmentId('Enterprise accounts')],
  fetch_companies: true,
  incoming_events: [...INCOMING_EVENT_TOPICS],
  outgoing_user_attributes: [
    { hull: 'name', service: 'name' },
    { hull: 'job_title', service: 'custom_attributes.job_title' },
    { hull: 'lifecycle_stage', service: 'custom_attributes.lifecycle_stage' },
    { hull: 'visits_count', service: 'custom_attributes.visits_count' },
    { hull: 'account.plan', service: 'custom_attributes.company_plan' },
  ],
  outgoing_lead_attributes: [
    { hull: 'name', service: 'name' },
    { hull: 'visits_count', service: 'custom_attributes.visits_count' },
  ],
  outgoing_account_attributes: [
    { hull: 'name', service: 'name' },
    { hull: 'industry', service: 'industry' },
    { hull: 'employees', service: 'size' },
    { hull: 'plan', service: 'custom_attributes.hull_plan' },
  ],
  outgoing_events: ['all_events'],
  link_users_in_service: true,
  activations: [SAMPLE_ACTIVATION],
});

/** The sandbox app subscribes to every 2.x topic the connector handles (what a Developer Hub setup would tick). */
export const SANDBOX_WEBHOOK_TOPICS = DELIVERED_TOPICS;
