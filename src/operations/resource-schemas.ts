/**
 * zod schemas of the Intercom objects only operations read (the sync's own are in src/intercom/schemas.ts).
 * Loose, with the fields a caller relies on: Intercom sends more than it documents.
 */
import { z } from 'zod';
import { tagSchema } from '../intercom/schemas';

export const segmentSchema = z
  .object({
    type: z.string().optional(),
    id: z.string(),
    name: z.string(),
    person_type: z.string().nullish(),
    count: z.number().nullish(),
    created_at: z.number().nullish(),
    updated_at: z.number().nullish(),
  })
  .loose();

export const noteSchema = z
  .object({
    type: z.string().optional(),
    id: z.string(),
    body: z.string().nullish(),
    created_at: z.number().nullish(),
    contact: z.object({ id: z.string() }).loose().nullish(),
    author: z.object({ id: z.string() }).loose().nullish(),
  })
  .loose();

export const fullAdminSchema = z
  .object({
    type: z.string().optional(),
    id: z.string(),
    name: z.string().nullish(),
    email: z.string().nullish(),
    job_title: z.string().nullish(),
    away_mode_enabled: z.boolean().nullish(),
    away_mode_reassign: z.boolean().nullish(),
    team_ids: z.array(z.number()).nullish(),
  })
  .loose();

export const activityLogSchema = z
  .object({
    id: z.string(),
    activity_type: z.string().nullish(),
    activity_description: z.string().nullish(),
    created_at: z.number().nullish(),
    performed_by: z.object({ id: z.string().nullish() }).loose().nullish(),
  })
  .loose();

export const dataAttributeFullSchema = z
  .object({
    type: z.string().optional(),
    id: z.number().nullish(),
    name: z.string(),
    full_name: z.string().nullish(),
    model: z.string().nullish(),
    data_type: z.string(),
    description: z.string().nullish(),
    options: z.array(z.string()).nullish(),
    archived: z.boolean().nullish(),
    custom: z.boolean().nullish(),
  })
  .loose();

export const eventSchema = z
  .object({
    type: z.string().optional(),
    event_name: z.string(),
    created_at: z.number(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

export const eventSummarySchema = z
  .object({
    name: z.string(),
    first: z.string().nullish(),
    last: z.string().nullish(),
    count: z.number(),
    description: z.string().nullish(),
  })
  .loose();

export const conversationSchema = z
  .object({
    type: z.literal('conversation'),
    id: z.string(),
    title: z.string().nullish(),
    created_at: z.number(),
    updated_at: z.number(),
    state: z.string(),
    open: z.boolean().nullish(),
    read: z.boolean().nullish(),
    admin_assignee_id: z.number().nullish(),
    team_assignee_id: z.union([z.number(), z.string()]).nullish(),
    snoozed_until: z.number().nullish(),
    tags: z
      .object({ tags: z.array(tagSchema).default([]) })
      .loose()
      .nullish(),
    contacts: z
      .object({ contacts: z.array(z.object({ id: z.string() }).loose()).default([]) })
      .loose()
      .nullish(),
    custom_attributes: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();

/** What POST /conversations answers: a message (2.16), naming the conversation it started. */
export const messageSchema = z
  .object({
    type: z.string(),
    id: z.string(),
    created_at: z.number().nullish(),
    body: z.string().nullish(),
    message_type: z.string().nullish(),
    conversation_id: z.string().nullish(),
  })
  .loose();

export const appliedTagSchema = tagSchema;
