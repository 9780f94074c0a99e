/**
 * Builds and posts Hull platform notifications (the `user:update` / `account:update` envelope the
 * platform sends: notification id, connector document, segments, messages) signed with the
 * Hull simulator's own key, so a test can send exactly the updates it needs, one after another or
 * concurrently, and tamper with them to test authentication.
 */
import { randomUUID } from 'node:crypto';
import { signatureHeaders } from '@hull-intercom-sync/hull-simulator';
import type { Harness } from './engine-harness';

export interface UserMessageInput {
  id: string;
  email?: string;
  external_id?: string;
  /** Custom attributes, written with Hull's `traits_` prefix as the platform does. */
  traits?: Record<string, unknown>;
  segments?: Array<{ id: string; name: string }>;
  account?: Record<string, unknown>;
  events?: Array<Record<string, unknown>>;
  entered?: Array<{ id: string; name: string }>;
  left?: Array<{ id: string; name: string }>;
  changedTraits?: Record<string, [unknown, unknown]>;
}

export function userMessage(input: UserMessageInput): Record<string, unknown> {
  const traits = Object.fromEntries(Object.entries(input.traits ?? {}).map(([k, v]) => [`traits_${k}`, v]));
  return {
    message_id: randomUUID(),
    user: {
      id: input.id,
      email: input.email ?? null,
      external_id: input.external_id ?? null,
      anonymous_ids: [],
      ...traits,
    },
    segments: input.segments ?? [],
    segment_ids: (input.segments ?? []).map((s) => s.id),
    account: input.account ?? {},
    account_segments: [],
    events: input.events ?? [],
    changes: {
      is_new: false,
      user: Object.fromEntries(Object.entries(input.changedTraits ?? {}).map(([k, v]) => [`traits_${k}`, v])),
      account: {},
      segments: { entered: input.entered ?? [], left: input.left ?? [] },
      account_segments: {},
    },
  };
}

export interface PostOptions {
  isExport?: boolean;
  /** Replaces the configuration the platform sends (to test authentication). */
  configuration?: Record<string, unknown>;
  /** Replaces or removes (undefined) signature headers. */
  headers?: Record<string, string | undefined>;
  segments?: Array<{ id: string; name: string }>;
  accountsSegments?: Array<{ id: string; name: string }>;
}

export function notificationBody(harness: Harness, channel: string, messages: unknown[], options: PostOptions = {}) {
  const { hull } = harness;
  return {
    notification_id: randomUUID(),
    configuration: options.configuration ?? {
      id: hull.connectorId,
      organization: hull.organization,
      secret: hull.connectorSecret,
    },
    channel,
    connector: { id: hull.connectorId, name: 'Intercom', private_settings: hull.privateSettings },
    segments: options.segments ?? hull.segments().filter((s) => s.type === 'users_segment'),
    accounts_segments: options.accountsSegments ?? hull.segments().filter((s) => s.type === 'accounts_segment'),
    messages,
    is_export: options.isExport ?? false,
    kraken: { retries: 0 },
  };
}

/** The headers Hull's smart-notifier sends with a notification: JSON, signed for `notificationId`. */
export function signedHeaders(harness: Harness, notificationId: string): Record<string, string> {
  const signed = signatureHeaders(
    notificationId,
    harness.hull.organization,
    harness.hull.publicKeyUrl,
    Date.now() / 1000,
  );
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-hull-smart-notifier': 'true' };
  for (const [name, value] of Object.entries(signed)) headers[name.toLowerCase()] = value;
  return headers;
}

/** POSTs a signed notification to the engine, as Hull's smart-notifier would. */
export async function postNotification(
  harness: Harness,
  channel: string,
  messages: unknown[],
  options: PostOptions = {},
) {
  const body = notificationBody(harness, channel, messages, options);
  const headers = signedHeaders(harness, body.notification_id);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    delete headers[name];
    if (value !== undefined) headers[name] = value;
  }
  const response = await fetch(`${harness.apiUrl}/hull/notifications`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    notificationId: body.notification_id,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export interface LastWrite {
  outcome: string;
  reason?: string;
  requests: number;
  notes: string[];
  summary: string;
  notificationIds: string[];
}

/** Waits until the entity's workflow has written an update that covered `notificationId`. */
export async function writtenFor(
  harness: Harness,
  workflowId: string,
  notificationId: string,
  timeoutMs = 30_000,
): Promise<LastWrite> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const response = await fetch(`${harness.apiUrl}/runs/${workflowId}`);
    if (response.status === 200) {
      const run = (await response.json()) as {
        memo?: { lastWrite?: LastWrite; written?: string[]; failures?: Array<{ reason: string }> };
      };
      if (run.memo?.lastWrite && run.memo.written?.includes(notificationId)) return run.memo.lastWrite;
      const failure = run.memo?.failures?.[0];
      if (failure !== undefined) throw new Error(`the write failed: ${failure.reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no write of notification ${notificationId} in ${workflowId} within ${timeoutMs} ms`);
}
