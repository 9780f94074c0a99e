/**
 * The engine harness set up for Intercom webhooks: every topic of the table accepted, the Intercom
 * simulator's notifications pointed at the engine's `/webhooks/intercom`, and helpers to send signed
 * (or deliberately broken) deliveries, build conversation payloads, and look at what reached Temporal
 * and Hull. Scheduled fetches are off, so everything in Hull came through a webhook.
 */
import { INCOMING_EVENT_TOPICS, type ConnectorSettingsInput } from '../../src/config/connector-settings';
import {
  buildNotification,
  SANDBOX_CREDENTIALS,
  type ContactInput,
  signWebhookBody,
  webhookPayloads,
  type ConversationPartRecord,
  type ConversationRecord,
  type IntercomSimulator,
  type JsonObject,
  type NotificationEvent,
} from '@hull-intercom-sync/intercom-simulator';
import type { HullEvent, HullSimulator, HullUser } from '@hull-intercom-sync/hull-simulator';
import { workflowIds } from '../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, workflowExists, type Harness } from './engine-harness';

export { workflowExists };
import { eventually } from './eventually';

/** The Intercom simulator's default app client secret, which the harness also gives the engine. */
export const CLIENT_SECRET = SANDBOX_CREDENTIALS.clientSecret;
export const APP_ID = SANDBOX_CREDENTIALS.appId;

export const WEBHOOK_SETTINGS: ConnectorSettingsInput = {
  receive_events: true,
  incoming_events: [...INCOMING_EVENT_TOPICS],
  // No scheduled fetches: whatever lands in Hull must have come through a webhook.
  fetch_users: false,
  fetch_leads: false,
  fetch_companies: false,
};

export interface WebhookHarness extends Harness {
  webhookUrl: string;
}

export async function startWebhookHarness(
  name: string,
  settings: ConnectorSettingsInput = {},
  env?: Record<string, string>,
): Promise<WebhookHarness> {
  const harness = await startHarness({ name, settings: { ...WEBHOOK_SETTINGS, ...settings }, env });
  const webhookUrl = `${harness.apiUrl}/webhooks/intercom`;
  harness.intercom.setWebhook({ url: webhookUrl, topics: [] }, false);
  return { ...harness, webhookUrl };
}

/**
 * Every request the engine made to Intercom conformed to the OpenAPI file, and Hull accepted every
 * firehose message in full (no rejected or partially applied message).
 */
export function expectCleanTraffic(harness: Harness): void {
  expectConformingTraffic(harness.intercom);
  expect(harness.hull.rejectedMessages).toEqual([]);
}

export interface Delivered {
  notification: NotificationEvent;
  rawBody: string;
  status: number;
}

/** Sends one signed notification through the simulator (exactly as Intercom would) and expects a 200. */
export async function emit(harness: WebhookHarness, topic: string, item: unknown): Promise<Delivered> {
  const { status } = await harness.intercom.emitWebhook(topic, item);
  const delivery = harness.intercom.webhookDeliveries.at(-1)!;
  expect({ topic, status, error: delivery.error }).toEqual({ topic, status: 200, error: undefined });
  return { notification: JSON.parse(delivery.rawBody) as NotificationEvent, rawBody: delivery.rawBody, status };
}

/**
 * Lets store changes emit their own 2.x notifications (the simulator's `autoWebhooks`) for `topics`
 * while `change` runs, waits until they were delivered, and returns those deliveries.
 */
export async function emitFromChange(
  harness: WebhookHarness,
  topics: string[],
  change: () => void,
): Promise<Delivered[]> {
  const before = harness.intercom.webhookDeliveries.length;
  harness.intercom.setWebhook({ url: harness.webhookUrl, topics }, true);
  try {
    change();
    await harness.intercom.flushWebhooks();
  } finally {
    harness.intercom.setWebhook({ url: harness.webhookUrl, topics: [] }, false);
  }
  return harness.intercom.webhookDeliveries.slice(before).map((delivery) => {
    expect({ topic: delivery.topic, status: delivery.status }).toEqual({ topic: delivery.topic, status: 200 });
    return {
      notification: JSON.parse(delivery.rawBody) as NotificationEvent,
      rawBody: delivery.rawBody,
      status: delivery.status,
    };
  });
}

/** A notification envelope as Intercom builds it, and its exact bytes. */
export function envelope(topic: string, item: unknown): { notification: NotificationEvent; rawBody: string } {
  const notification = buildNotification(APP_ID, topic, item, Math.floor(Date.now() / 1000));
  return { notification, rawBody: JSON.stringify(notification) };
}

export interface PostResult {
  status: number;
  body: Record<string, unknown>;
}

/**
 * POSTs raw bytes to the webhook endpoint, signed with the app's client secret unless another
 * `signature` is given; `null` sends no X-Hub-Signature header at all.
 */
export async function postRaw(
  harness: WebhookHarness,
  rawBody: string,
  signature: string | null = signWebhookBody(rawBody, CLIENT_SECRET),
): Promise<PostResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (signature !== null) headers['x-hub-signature'] = signature;
  const response = await fetch(harness.webhookUrl, { method: 'POST', headers, body: rawBody });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

// ---- Temporal -------------------------------------------------------------------------------------

export const contactWorkflowId = (harness: Harness, contactId: string): string =>
  workflowIds.intercomContact(harness.hull.connectorId, contactId);

export const companyWorkflowId = (harness: Harness, companyId: string): string =>
  workflowIds.intercomCompany(harness.hull.connectorId, companyId);

/** What the entity workflow's current run received and did, read from its event history. */
export async function entityHistory(
  harness: Harness,
  workflowId: string,
): Promise<{ signals: number; applyActivities: number; completedActivities: number }> {
  const history = await harness.engine.temporalClient.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  return {
    signals: events.filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === 'intercomNotification')
      .length,
    applyActivities: events.filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'applyIntercomNotification',
    ).length,
    completedActivities: events.filter((e) => e.activityTaskCompletedEventAttributes).length,
  };
}

// ---- Intercom payloads --------------------------------------------------------------------------

/** A contact's stored record (webhook payload builders take records, admin helpers return JSON). */
export function contactRecord(intercom: IntercomSimulator, id: string) {
  const record = intercom.store.contacts.get(id);
  if (record === undefined) throw new Error(`no Intercom contact ${id}`);
  return record;
}

/** Stores a conversation in the simulator so its webhook payload is the simulator's own serialization. */
export function saveConversation(
  intercom: IntercomSimulator,
  conversation: Omit<ConversationRecord, 'read' | 'priority' | 'team_assignee_id' | 'updated_at'>,
): ConversationRecord {
  const record: ConversationRecord = {
    read: false,
    priority: 'none',
    team_assignee_id: 0,
    updated_at: conversation.created_at,
    ...conversation,
  };
  intercom.store.conversations.set(record.id, record);
  return record;
}

/**
 * The `data.item` of a conversation notification: the conversation with the part(s) that triggered
 * it (Intercom sends the new part in `conversation_parts`), optionally with extra fields such as
 * `tags_added`, part types the record type does not know (`snoozed`, `unsnoozed`), and an
 * assignment to nobody.
 */
export function conversationPayload(
  intercom: IntercomSimulator,
  conversation: ConversationRecord,
  parts: ConversationPartRecord[],
  extra: { fields?: JsonObject; partType?: string; unassigned?: boolean } = {},
): JsonObject {
  conversation.parts = parts;
  const item = webhookPayloads.conversationItem(intercom.store, conversation);
  const list = item.conversation_parts as { conversation_parts: Array<Record<string, unknown>> };
  for (const part of list.conversation_parts) {
    if (extra.partType !== undefined) part.part_type = extra.partType;
    // How Intercom shows an assignment to nobody (the record type only knows admin ids).
    if (extra.unassigned === true) part.assigned_to = { type: 'nobody_admin', id: null };
  }
  return { ...item, ...extra.fields };
}

// ---- Hull -----------------------------------------------------------------------------------------

export const userAnonymousId = (intercomId: string): string => `intercom-user:user-${intercomId}`;
export const leadAnonymousId = (intercomId: string): string => `intercom-lead:lead-${intercomId}`;

/** Waits until Hull holds a user with this anonymous id and `check` passes on it; returns the user. */
export function eventuallyUser(
  hull: HullSimulator,
  anonymousId: string,
  check: (user: HullUser) => void = () => undefined,
  timeoutMs?: number,
): Promise<HullUser> {
  return eventually(() => {
    const user = hull.findUser({ anonymous_id: anonymousId });
    expect(user).toBeDefined();
    check(user!);
    return user!;
  }, timeoutMs);
}

export const eventsNamed = (hull: HullSimulator, userId: string, name: string): HullEvent[] =>
  hull.eventsOf(userId).filter((event) => event.event === name);

/** Hull attribute values of one group, without the group prefix (`intercom_user/email` → `email`). */
export function group(traits: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(traits)
      .filter(([name]) => name.startsWith(`${prefix}/`))
      .map(([name, value]) => [name.slice(prefix.length + 1), value]),
  );
}

export const isoSeconds = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

/**
 * A contact created in Intercom and already delivered to Hull by its creation webhook: email
 * `<name>@example.org` and, for users, external_id `<name>`, unless `input` says otherwise.
 */
export async function knownContact(
  harness: WebhookHarness,
  role: 'user' | 'lead',
  name: string,
  input: Partial<ContactInput> = {},
) {
  const contact = harness.intercom.createContact({
    role,
    email: `${name}@example.org`,
    external_id: role === 'user' ? name : null,
    ...input,
  });
  const id = String(contact.id);
  await emit(harness, role === 'user' ? 'contact.user.created' : 'contact.lead.created', contact);
  const anonymousId = role === 'user' ? userAnonymousId(id) : leadAnonymousId(id);
  const user = await eventuallyUser(harness.hull, anonymousId);
  return { id, anonymousId, hullId: user.id };
}
