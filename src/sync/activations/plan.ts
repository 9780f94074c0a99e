/**
 * What to do with one prepared row, given what the engine remembers about it (the diff state) and
 * what Intercom holds (the target found for its identifier). The same decision serves a real run and
 * a dry run, so a dry run predicts what the real run does. Pure.
 *
 * - A row whose hash equals the one stored after its last successful write is unchanged: no request.
 * - A row written before, whose identity has not changed, is updated by the Intercom id remembered,
 *   with only the fields whose value changed (no lookup).
 * - Everything else needs its target found first (see `needsTarget`), then Hevo's behaviour decides.
 */
import type { ContactFields } from '../outgoing/contact-payload';
import { changedFields, fingerprint, type Fingerprint } from '../outgoing/diff';
import type { ActivationDefinition } from './definition';
import type { PreparedRow } from './rows';

/** Intercom keeps a deleted contact or company this long (Hevo's document); rows for it fail meanwhile. */
export const DELETED_RETENTION_DAYS = 7;

/** What the engine remembers about a row between runs. */
export interface RowState {
  status: 'written' | 'failed' | 'pending';
  /** Hash of the row as last written successfully (undefined: never written). */
  hash?: string;
  /** Per-field hashes of what was last written to `intercomId`. */
  fingerprint?: Fingerprint;
  intercomId?: string;
  /** The identifier value the row was last resolved by: a changed one resolves again. */
  identity?: string;
  /** Set while a write is in flight: the row's hash, so a retried page checks Intercom before writing again. */
  pendingHash?: string;
}

/** What is known of an Intercom record this engine archived or saw deleted (any activation). */
export interface ObjectStatus {
  status: 'archived' | 'deleted';
  /** ISO time it was archived or first seen deleted. */
  since: string;
}

/** The Intercom record a row's identifier designates. `current` holds its fields by mapping path. */
export type Target =
  | { kind: 'found'; id: string; current: ContactFields }
  | { kind: 'none' }
  | { kind: 'archived'; id: string }
  | { kind: 'deleted'; id: string; since: string };

export type Action =
  | { kind: 'unchanged' }
  | { kind: 'create'; fields: ContactFields }
  | { kind: 'update'; id: string; fields: ContactFields; all: ContactFields }
  /** POST /companies by company_id (Intercom's create-or-update), for a company found not to exist. */
  | { kind: 'upsert-company'; companyId: string; fields: ContactFields; all: ContactFields }
  | { kind: 'delete'; id: string }
  | { kind: 'archive'; id: string }
  | { kind: 'tag'; ref: TagRef; tag: string }
  | { kind: 'untag'; ref: TagRef; tag: string }
  | { kind: 'fail'; code: string; reason: string };

/** How a tag's target is addressed: by Intercom id, or (companies) by company_id. */
export type TagRef = { id: string } | { company_id: string };

export type Triage =
  | { kind: 'unchanged' }
  /** Written before to this Intercom record, same identity: act on it directly. */
  | { kind: 'known'; id: string }
  | { kind: 'resolve' };

const what = (definition: ActivationDefinition) =>
  definition.object === 'company' || definition.object === 'company_tag'
    ? 'company'
    : definition.object === 'conversation_tag'
      ? 'conversation'
      : 'contact';

/** Whether the row's state lets it skip the lookup (or the whole write). `retryFailedOnly` runs only failed rows. */
export function triage(
  row: PreparedRow,
  state: RowState | undefined,
  options: { retryFailedOnly?: boolean } = {},
): Triage | 'not-failed' {
  if (options.retryFailedOnly === true && state?.status !== 'failed') return 'not-failed';
  if (state?.status === 'written' && state.hash === row.hash) return { kind: 'unchanged' };
  if (
    state?.intercomId !== undefined &&
    state.hash !== undefined &&
    (state.identity ?? null) === (row.identifier ?? null)
  ) {
    return { kind: 'known', id: state.intercomId };
  }
  return { kind: 'resolve' };
}

/**
 * Which Intercom model a real run looks rows up in before choosing their write. Rows addressed by an
 * id the write itself takes (delete, archive, tags by id, company tags by company_id, conversation
 * tags) need no lookup: Intercom's answer to the write says whether the record exists. Rows written
 * before are not looked up either (`triage` says `known`).
 */
export function needsTarget(definition: ActivationDefinition): 'contact' | 'company' | undefined {
  const { object, behaviour, identifier } = definition;
  if (behaviour === 'delete' || behaviour === 'archive') return undefined;
  if (object === 'contact') return behaviour === 'insert' ? undefined : 'contact';
  if (object === 'contact_tag') return identifier?.field === 'id' ? undefined : 'contact';
  if (object === 'company') return 'company';
  return undefined;
}

/** What a dry run looks up: everything a real run would learn from Intercom's answers to its writes. */
export function dryRunTarget(definition: ActivationDefinition): 'contact' | 'company' | undefined {
  const { object, behaviour } = definition;
  if (object === 'conversation_tag' || (object === 'contact' && behaviour === 'insert')) return undefined;
  if (object === 'company' || object === 'company_tag') return 'company';
  return 'contact';
}

/** The value a row is looked up by: its identifier, or for company inserts the mapped company_id. */
export function lookupValue(definition: ActivationDefinition, row: PreparedRow): string | undefined {
  if (definition.identifier !== undefined) return row.identifier;
  const companyId = row.fields.company_id;
  return companyId === null || companyId === undefined ? undefined : String(companyId);
}

/** A row found gone: failed while Intercom still keeps the record, as Hevo reports it. */
const deletedFailure = (kind: string, id: string, since: string): Action => ({
  kind: 'fail',
  code: 'deleted',
  reason: `the ${kind} ${id} was deleted in Intercom (seen ${since.slice(0, 10)}); Intercom keeps deleted records ${DELETED_RETENTION_DAYS} days, and a deleted record is reported Failed, not written`,
});

const archivedFailure = (id: string): Action => ({
  kind: 'fail',
  code: 'archived',
  reason: `the contact ${id} is archived in Intercom; archived contacts are reported Failed, not written (unarchive it in Intercom to sync the row)`,
});

/** The create body: the mapped fields, plus the identifier it is found by next time, and a contact's role. */
function createFields(definition: ActivationDefinition, row: PreparedRow): ContactFields {
  const created: ContactFields = { ...row.fields };
  const field = definition.identifier?.field;
  if (field !== undefined && field !== 'id' && row.identifier !== undefined && created[field] === undefined) {
    created[field] = row.identifier;
  }
  if (definition.object === 'contact' && (created.role === undefined || created.role === null)) created.role = 'user';
  // Nulls clear fields; a new record has nothing to clear.
  return Object.fromEntries(Object.entries(created).filter(([, value]) => value !== null));
}

function createAction(definition: ActivationDefinition, row: PreparedRow): Action {
  const fields = createFields(definition, row);
  if (definition.object !== 'company') return { kind: 'create', fields };
  const companyId = fields.company_id;
  if (companyId === undefined || companyId === null || companyId === '') {
    return {
      kind: 'fail',
      code: 'invalid',
      reason: 'no company_id to create the company with (Intercom creates companies by company_id)',
    };
  }
  const rest = { ...fields };
  delete rest.company_id;
  return { kind: 'upsert-company', companyId: String(companyId), fields: rest, all: row.fields };
}

/** The write for a row: `state` (may be undefined), and `target` when the row was looked up. */
export function decide(
  definition: ActivationDefinition,
  row: PreparedRow,
  state: RowState | undefined,
  target: Target | undefined,
): Action {
  const kind = what(definition);
  const { object, behaviour } = definition;
  const remembered =
    state?.intercomId !== undefined &&
    state.hash !== undefined &&
    (state.identity ?? null) === (row.identifier ?? null);
  const previous = remembered ? state?.fingerprint : undefined;
  const by = `${definition.identifier?.field ?? 'company_id'} ${lookupValue(definition, row) ?? ''}`.trim();

  if (target?.kind === 'deleted') return deletedFailure(kind, target.id, target.since);
  if (target?.kind === 'archived') return archivedFailure(target.id);
  const isTag = object === 'contact_tag' || object === 'company_tag' || object === 'conversation_tag';
  if (target?.kind === 'none' && (isTag || behaviour === 'delete' || behaviour === 'archive')) {
    return { kind: 'fail', code: 'not_found', reason: `no ${kind} has ${by}` };
  }

  if (isTag) {
    let ref: TagRef;
    if (target?.kind === 'found') ref = { id: target.id };
    else if (definition.identifier?.field === 'company_id') ref = { company_id: row.identifier! };
    else ref = { id: remembered ? state.intercomId! : row.identifier! };
    return { kind: behaviour === 'remove' ? 'untag' : 'tag', ref, tag: row.tag! };
  }

  switch (behaviour) {
    case 'delete':
      return { kind: 'delete', id: row.identifier! };
    case 'archive':
      return { kind: 'archive', id: row.identifier! };
    case 'insert':
      if (target?.kind === 'found') {
        return {
          kind: 'fail',
          code: 'duplicate',
          reason: `a ${kind} with ${by} already exists (${target.id}); insert adds new records only`,
        };
      }
      return createAction(definition, row);
    case 'upsert':
    case 'update': {
      const all = object === 'company' ? withoutCompanyId(row.fields) : row.fields;
      if (target === undefined && remembered) {
        return { kind: 'update', id: state.intercomId!, fields: changedFields(all, previous), all };
      }
      if (target?.kind === 'found') {
        const sameRecord = remembered && state?.intercomId === target.id;
        return { kind: 'update', id: target.id, fields: changedFields(all, sameRecord ? previous : undefined), all };
      }
      if (behaviour === 'upsert' && (definition.identifier?.field !== 'id' || row.identifier === undefined)) {
        return createAction(definition, row);
      }
      return {
        kind: 'fail',
        code: 'not_found',
        reason:
          behaviour === 'update'
            ? `no ${kind} has ${by}; update changes existing records only`
            : `no ${kind} has ${by}; upsert by id updates an existing id, or inserts a row whose id is empty`,
      };
    }
    default:
      return { kind: 'fail', code: 'invalid', reason: `${behaviour} is not a behaviour of ${object}` };
  }
}

/** company_id is set once, at creation: an update never sends it. */
function withoutCompanyId(fields: ContactFields): ContactFields {
  const rest = { ...fields };
  delete rest.company_id;
  return rest;
}

/** Field by field, what an update would change: `{field: {from, to}}` against the record's current values. */
export function fieldDiff(
  all: ContactFields,
  current: ContactFields | undefined,
): Record<string, { from: unknown; to: unknown }> {
  const diff: Record<string, { from: unknown; to: unknown }> = {};
  for (const [path, to] of Object.entries(all)) {
    const from = current?.[path] ?? null;
    if (JSON.stringify(from) !== JSON.stringify(to)) diff[path] = { from, to };
  }
  return diff;
}

/** What the state remembers after a successful write of `row` to `intercomId` with `sent` fields. */
export function writtenState(
  row: PreparedRow,
  intercomId: string | undefined,
  all: ContactFields,
  previous: RowState | undefined,
  sameRecord: boolean,
): RowState {
  const base = sameRecord ? (previous?.fingerprint ?? {}) : {};
  return {
    status: 'written',
    hash: row.hash,
    fingerprint: { ...base, ...fingerprint(all) },
    intercomId,
    identity: row.identifier,
  };
}
