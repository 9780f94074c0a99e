/**
 * The envelope of a Hull platform notification (notification id, channel, the connector document
 * with its settings, the organisation's segments, the messages) and its per-channel messages
 * (`user:update`, `account:update`), parsed with zod and normalised like Hull's connector framework does: the `traits_` prefix
 * is stripped from user attribute names, empty change sections default to empty, and the segment
 * list may arrive as `segments` or `users_segments`.
 */
import { z } from 'zod';

export const segmentSchema = z.object({ id: z.string(), name: z.string() }).loose();
export type HullSegmentRef = z.infer<typeof segmentSchema>;

const segmentChangesSchema = z
  .object({ entered: z.array(segmentSchema).default([]), left: z.array(segmentSchema).default([]) })
  .loose()
  .default({ entered: [], left: [] });

const attributeChanges = z.record(z.string(), z.tuple([z.unknown(), z.unknown()]).or(z.array(z.unknown()))).default({});

export const hullEventSchema = z
  .object({
    event_id: z.string().nullish(),
    event: z.string(),
    created_at: z.string().or(z.number()).nullish(),
    properties: z.record(z.string(), z.unknown()).nullish(),
    event_source: z.string().nullish(),
    event_type: z.string().nullish(),
  })
  .loose();
export type HullNotificationEvent = z.infer<typeof hullEventSchema>;

const stripTraitsPrefix = (attributes: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(attributes).map(([key, value]) => [key.replace(/^traits_/, ''), value]));

export const hullUserSchema = z
  .object({ id: z.string(), email: z.string().nullish(), external_id: z.string().nullish() })
  .loose()
  .transform(stripTraitsPrefix)
  .pipe(z.object({ id: z.string(), email: z.string().nullish(), external_id: z.string().nullish() }).loose());

export const hullAccountSchema = z
  .object({ id: z.string().optional(), domain: z.string().nullish(), external_id: z.string().nullish() })
  .loose();
export type HullAccountProfile = z.infer<typeof hullAccountSchema>;

export const userUpdateMessageSchema = z
  .object({
    message_id: z.string().nullish(),
    user: hullUserSchema,
    segments: z.array(segmentSchema).default([]),
    account: hullAccountSchema.nullish(),
    account_segments: z.array(segmentSchema).default([]),
    events: z.array(hullEventSchema).default([]),
    changes: z
      .object({
        is_new: z.boolean().nullish(),
        user: attributeChanges.transform(stripTraitsPrefix),
        account: attributeChanges,
        segments: segmentChangesSchema,
        account_segments: segmentChangesSchema,
      })
      .loose()
      .default({
        user: {},
        account: {},
        segments: { entered: [], left: [] },
        account_segments: { entered: [], left: [] },
      }),
  })
  .loose();
export type UserUpdateMessage = z.infer<typeof userUpdateMessageSchema>;

export const accountUpdateMessageSchema = z
  .object({
    message_id: z.string().nullish(),
    account: hullAccountSchema.and(z.object({ id: z.string() }).loose()),
    account_segments: z.array(segmentSchema).default([]),
    changes: z
      .object({ is_new: z.boolean().nullish(), account: attributeChanges, account_segments: segmentChangesSchema })
      .loose()
      .default({ account: {}, account_segments: { entered: [], left: [] } }),
  })
  .loose();
export type AccountUpdateMessage = z.infer<typeof accountUpdateMessageSchema>;

export const NOTIFICATION_CHANNELS = [
  'user:update',
  'account:update',
  'ship:update',
  'users_segment:update',
  'users_segment:delete',
  'accounts_segment:update',
  'accounts_segment:delete',
  'user:delete',
  'segment:update',
  'segment:delete',
] as const;

export const notificationEnvelopeSchema = z
  .object({
    notification_id: z.string().min(1),
    configuration: z.object({ id: z.string(), organization: z.string(), secret: z.string() }).loose(),
    channel: z.enum(NOTIFICATION_CHANNELS, { error: `must be one of ${NOTIFICATION_CHANNELS.join(', ')}` }),
    connector: z.object({ id: z.string(), private_settings: z.record(z.string(), z.unknown()).default({}) }).loose(),
    segments: z.array(segmentSchema).optional(),
    users_segments: z.array(segmentSchema).optional(),
    accounts_segments: z.array(segmentSchema).optional(),
    account_segments: z.array(segmentSchema).optional(),
    messages: z.array(z.unknown()).default([]),
    is_export: z.boolean().default(false),
  })
  .loose()
  .refine((body) => (body.segments ?? body.users_segments) !== undefined, {
    message: 'the envelope needs the organisation segment list (segments or users_segments)',
    path: ['segments'],
  })
  .transform(({ users_segments, account_segments, ...body }) => ({
    ...body,
    segments: body.segments ?? users_segments ?? [],
    accounts_segments: body.accounts_segments ?? account_segments ?? [],
  }));
export type NotificationEnvelope = z.infer<typeof notificationEnvelopeSchema>;
