/**
 * Applying one verified firehose message to the organization: `traits`, `track` (users
 * only, upsert by event_id), `alias` / `unalias` (`{anonymous_id}` bodies), `incinerate` (deletes
 * the subject; the protocol only hints at it). Everything that can be checked before touching the
 * store is, so a rejected message has no side effect.
 */
import { eventFromTrackBody, trackBodyProblem } from './events';
import { resolveAccount, resolveUser } from './identity';
import type { HullState, Touched } from './state';
import { resolveSubject, subjectTypeOf, type Subject } from './subject';
import { accountTarget, userTarget } from './targets';
import { applyTraitBody } from './traits';

export const MESSAGE_TYPES = ['traits', 'track', 'alias', 'unalias', 'incinerate'] as const;

export type MessageType = (typeof MESSAGE_TYPES)[number];

export interface IngestInput {
  type: string;
  body: unknown;
  /** Verified access-token payload. */
  claims: Record<string, unknown>;
  /** Connector that sent the message, stamped on tracked events. */
  appId: string | null;
}

export type IngestOutcome =
  | { status: 'accepted'; problems: string[] }
  | { status: 'rejected'; reason: string }
  | { status: 'ignored'; reason: string };

function isMessageType(type: string): type is MessageType {
  return (MESSAGE_TYPES as readonly string[]).includes(type);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Protocol checks that need no lookup; returns the reason to reject, if any. */
function precheck(input: IngestInput): string | undefined {
  if (!isMessageType(input.type)) return `unknown message type ${JSON.stringify(input.type)}`;
  const subjectType = subjectTypeOf(input.claims);
  if (subjectType === undefined) return 'io.hull.subjectType must be "user" or "account"';
  if (input.type === 'track' && subjectType !== 'user') return 'track is for users only';
  if (input.type === 'incinerate' && input.body === undefined) return undefined;
  if (!isObject(input.body)) return `${input.type} body must be an object`;
  if ((input.type === 'alias' || input.type === 'unalias') && typeof input.body.anonymous_id !== 'string') {
    return `${input.type} body must be {anonymous_id}`;
  }
  return input.type === 'track' ? trackBodyProblem(input.body) : undefined;
}

function applyTraits(state: HullState, subject: Subject, body: Record<string, unknown>): string[] {
  const at = state.nowIso();
  const target =
    subject.type === 'user'
      ? userTarget(state.store, subject.user, at)
      : accountTarget(state.store, subject.account, at);
  return applyTraitBody(body, target);
}

function applyTrack(state: HullState, subject: Subject, body: Record<string, unknown>, appId: string | null): string[] {
  if (subject.type !== 'user') return ['track is for users only'];
  const { created } = state.store.upsertEvent(eventFromTrackBody(body, subject.user.id, appId, state.nowIso()));
  state.counters[created ? 'eventsTracked' : 'eventsDeduplicated'] += 1;
  return [];
}

/**
 * Alias is resolution with the subject's id plus the new anonymous id: when another entity holds
 * that id, identity.ts merges it into the subject under the usual rule (or refuses on conflict).
 */
function applyAlias(state: HullState, subject: Subject, anonymousId: string): string[] {
  const at = state.nowIso();
  const resolution =
    subject.type === 'user'
      ? resolveUser(state.store, { id: subject.user.id, anonymous_id: anonymousId }, false, at)
      : resolveAccount(state.store, { id: subject.account.id, anonymous_id: anonymousId }, false, at);
  if (resolution.status !== 'resolved') return [resolution.reason];
  state.counters.merges += resolution.merged.length;
  return resolution.entity.anonymous_ids.includes(anonymousId)
    ? []
    : [`anonymous id ${anonymousId} belongs to another ${subject.type} with a conflicting identity; not aliased`];
}

function applyUnalias(state: HullState, subject: Subject, anonymousId: string): string[] {
  if (subject.type === 'user') state.store.users.removeAnonymousId(subject.user, anonymousId);
  else state.store.accounts.removeAnonymousId(subject.account, anonymousId);
  return [];
}

function applyIncinerate(state: HullState, subject: Subject): string[] {
  if (subject.type === 'user') state.store.deleteUser(subject.user);
  else state.store.deleteAccount(subject.account);
  return [];
}

export function ingestMessage(state: HullState, input: IngestInput, touched: Touched): IngestOutcome {
  const invalid = precheck(input);
  if (invalid !== undefined) return { status: 'rejected', reason: invalid };
  const resolved = resolveSubject(state, input.claims, touched);
  if (resolved.status !== 'resolved') return resolved;
  const { subject } = resolved;
  const body = isObject(input.body) ? input.body : {};
  const anonymousId = typeof body.anonymous_id === 'string' ? body.anonymous_id : '';
  switch (input.type as MessageType) {
    case 'traits':
      return { status: 'accepted', problems: applyTraits(state, subject, body) };
    case 'track':
      return { status: 'accepted', problems: applyTrack(state, subject, body, input.appId) };
    case 'alias':
      return { status: 'accepted', problems: applyAlias(state, subject, anonymousId) };
    case 'unalias':
      return { status: 'accepted', problems: applyUnalias(state, subject, anonymousId) };
    case 'incinerate':
      return { status: 'accepted', problems: applyIncinerate(state, subject) };
  }
}
