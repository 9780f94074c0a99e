/**
 * The connector's settings, named exactly as in the manifest of Hull's own Intercom connector (README
 * "Connector settings") so an organisation moving over copies nothing. They come
 * from the connector's `private_settings` in Hull (and the copy every notification carries); a
 * settings file, when given, takes precedence. Settings this engine adds are marked "(engine)".
 */
import { z } from 'zod';
import {
  defaultIncomingAccountAttributes,
  defaultIncomingLeadAttributes,
  defaultIncomingUserAttributes,
} from '../sync/default-mappings';
import { activationDefinitionSchema } from '../sync/activations/definition';

/** Hull's dashboard may store attribute names with the `traits_` prefix; the framework strips it. */
const hullAttribute = z
  .string()
  .min(1, { error: 'must name a Hull attribute' })
  .transform((name) => name.replace(/^traits_/, ''));

const segmentIds = z.array(z.string().min(1), { error: 'must be a list of Hull segment ids' }).default([]);

const claim = <H extends string, S extends string>(hull: readonly [H, ...H[]], service: readonly [S, ...S[]]) =>
  z.object({
    hull: z.enum(hull, { error: `must be one of ${hull.join(', ')}` }),
    service: z.enum(service, { error: `must be one of ${service.join(', ')}` }),
  });

const incomingMapping = z.object({
  service: z.string().min(1, { error: 'must name an Intercom field, e.g. name or custom_attributes.plan' }),
  hull: hullAttribute,
  overwrite: z.boolean().default(true),
  readOnly: z.boolean().optional(),
});

const outgoingMapping = z.object({
  hull: hullAttribute,
  service: z.string().min(1, { error: 'must name an Intercom field, e.g. name or custom_attributes.plan' }),
});

const minutes = (fallback: number) =>
  z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(1, { error: 'must be at least 1 minute' })
    .max(1440, { error: 'must be at most 1440 minutes (a day)' })
    .default(fallback);

/** The Intercom webhook topics the connector's topic table lists (sync/incoming/topics.ts), by the table's names. */
export const INCOMING_EVENT_TOPICS = [
  'conversation.user.created',
  'conversation.user.replied',
  'conversation.admin.replied',
  'conversation.admin.single.created',
  'conversation.admin.assigned',
  'conversation.admin.opened',
  'conversation.admin.closed',
  'conversation.admin.noted',
  'conversation.admin.snoozed',
  'conversation.admin.unsnoozed',
  'conversation_part.tag.created',
  'conversation_part.redacted',
  'user.created',
  'user.deleted',
  'user.unsubscribed',
  'user.tag.created',
  'user.tag.deleted',
  'user.email.updated',
  'contact.created',
  'contact.added_email',
  'contact.signed_up',
  'contact.tag.created',
  'contact.tag.deleted',
  'visitor.signed_up',
  'company.created',
] as const;

export const connectorSettingsSchema = z
  .object({
    // Identity strategies
    user_claims: z.array(claim(['email', 'external_id'], ['email', 'external_id'])).default([
      { hull: 'email', service: 'email' },
      { hull: 'external_id', service: 'external_id' },
    ]),
    lead_claims: z.array(claim(['email'], ['email'])).default([{ hull: 'email', service: 'email' }]),
    account_claims: z
      .array(claim(['external_id', 'domain'], ['company_id', 'website']).extend({ required: z.boolean().optional() }))
      .default([
        { hull: 'external_id', service: 'company_id', required: true },
        { hull: 'domain', service: 'website' },
      ]),

    // Filters
    synchronized_user_segments: segmentIds,
    synchronized_lead_segments: segmentIds,
    synchronized_account_segments: segmentIds,
    send_batch_as: z.enum(['Users', 'Leads'], { error: 'must be Users or Leads' }).default('Users'),

    // Field mappings
    incoming_user_attributes: z.array(incomingMapping).default(defaultIncomingUserAttributes),
    incoming_lead_attributes: z.array(incomingMapping).default(defaultIncomingLeadAttributes),
    incoming_account_attributes: z.array(incomingMapping).default(defaultIncomingAccountAttributes),
    outgoing_user_attributes: z.array(outgoingMapping).default([]),
    outgoing_lead_attributes: z.array(outgoingMapping).default([]),
    outgoing_account_attributes: z.array(outgoingMapping).default([]),

    // Feature switches
    fetch_users: z.boolean().default(true),
    fetch_leads: z.boolean().default(true),
    fetch_companies: z.boolean().default(false),
    tag_users: z.boolean().default(true),
    tag_leads: z.boolean().default(true),
    tag_companies: z.boolean().default(true),
    send_events: z.boolean().default(true),
    outgoing_events: z.array(z.string().min(1)).default([]),
    receive_events: z.boolean().default(true),
    incoming_events: z
      .array(z.enum(INCOMING_EVENT_TOPICS, { error: `must be topics of the webhook topic table` }))
      .default(['user.created', 'user.deleted', 'contact.created']),
    link_users_in_hull: z.boolean().default(false),
    link_users_in_service: z.boolean().default(false),
    convert_leads: z.boolean().default(false),
    mark_deleted_users: z.boolean().default(true),
    ignore_deleted_users: z.boolean().default(true),
    mark_deleted_accounts: z.boolean().default(true),
    ignore_deleted_accounts: z.boolean().default(true),

    // (engine) incremental fetch intervals; Hull's connector hard-coded 5 / 5 / 30 minutes
    users_fetch_interval_minutes: minutes(5),
    leads_fetch_interval_minutes: minutes(5),
    companies_fetch_interval_minutes: minutes(30),

    // (engine) Hull → Intercom dry run: plan and record every write, send none (check an installation first)
    outgoing_dry_run: z.boolean().default(false),

    // (engine) activations defined in the settings (more can be made through the API)
    activations: z
      .array(activationDefinitionSchema)
      .default([])
      .superRefine((activations, ctx) => {
        const seen = new Set<string>();
        activations.forEach((activation, index) => {
          if (seen.has(activation.name)) {
            ctx.addIssue({
              code: 'custom',
              path: [index, 'name'],
              message: `activation ${activation.name} is defined twice`,
            });
          }
          seen.add(activation.name);
        });
      }),

    // Intercom OAuth token stored by Hull's credentials flow; INTERCOM_ACCESS_TOKEN takes precedence
    access_token: z.string().optional(),
  })
  // Hull stores bookkeeping (fetch timestamps, webhook_id, flow-control knobs) next to the settings.
  .loose();

export type ConnectorSettings = z.infer<typeof connectorSettingsSchema>;
export type ConnectorSettingsInput = z.input<typeof connectorSettingsSchema>;

export const SECRET_SETTING_KEYS: ReadonlySet<string> = new Set(['access_token', 'oauth']);

/**
 * The settings of each fetched entity: its switch and interval, and the private_settings key of its
 * incremental high-water mark (Hull's connector's names; the engine writes them after every run).
 */
export const FETCH_SETTINGS = {
  users: { enabled: 'fetch_users', interval: 'users_fetch_interval_minutes', watermark: 'users_last_fetch_timestamp' },
  leads: { enabled: 'fetch_leads', interval: 'leads_fetch_interval_minutes', watermark: 'leads_last_fetch_timestamp' },
  companies: {
    enabled: 'fetch_companies',
    interval: 'companies_fetch_interval_minutes',
    watermark: 'companies_last_fetch_timestamp',
  },
} as const satisfies Record<
  'users' | 'leads' | 'companies',
  { enabled: keyof ConnectorSettings; interval: keyof ConnectorSettings; watermark: string }
>;

export const WATERMARK_SETTING_KEYS: ReadonlySet<string> = new Set(
  Object.values(FETCH_SETTINGS).map((entity) => entity.watermark),
);
