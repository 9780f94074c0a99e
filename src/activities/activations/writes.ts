/**
 * Carries out one row's planned write against Intercom and says what happened, as the row's record and
 * its new diff state. Intercom's refusals (4xx) become the row's failure with Intercom's code and
 * message; anything transient (429, 5xx, a dropped connection) is thrown, so the page's activity is
 * retried and the rows written so far are already recorded.
 */
import type { CallOptions, IntercomClient } from '../../intercom/client';
import { conflictingContactId, IntercomRequestError } from '../../intercom/errors';
import type { IntercomLookups } from '../../intercom/lookups';
import type { ActivationRecord, RecordAction } from '../../shared/activations';
import type { ActivationDefinition } from '../../sync/activations/definition';
import { writtenState, type Action, type RowState } from '../../sync/activations/plan';
import type { PreparedRow } from '../../sync/activations/rows';
import type { ContactFields } from '../../sync/outgoing/contact-payload';
import { toIntercomBody } from '../../sync/outgoing/contact-payload';
import { ensureDataAttributes } from '../outgoing/ensure-data-attributes';

export interface WriteOutcome {
  record: ActivationRecord;
  state: RowState;
  /** What the engine learnt about the Intercom record (for rows of any activation that designate it). */
  objectStatus?: { object: 'contact' | 'company'; id: string; status: 'archived' | 'deleted' };
}

export interface WriteContext {
  intercom: IntercomClient;
  lookups: IntercomLookups;
  call: CallOptions;
  definition: ActivationDefinition;
}

const now = () => new Date().toISOString();

export const actionName = (action: Action): RecordAction => {
  switch (action.kind) {
    case 'create':
      return 'create';
    case 'update':
      return 'update';
    case 'upsert-company':
      return 'create';
    case 'delete':
      return 'delete';
    case 'archive':
      return 'archive';
    case 'tag':
      return 'tag';
    case 'untag':
      return 'untag';
    default:
      return 'none';
  }
};

export function failedOutcome(
  row: { line: number; key: string },
  action: RecordAction,
  reason: string,
  previous: RowState | undefined,
  intercom?: { code?: string; message?: string },
): WriteOutcome {
  return {
    record: {
      key: row.key,
      line: row.line,
      status: 'failed',
      action,
      reason,
      ...(intercom?.code === undefined ? {} : { errorCode: intercom.code }),
      ...(intercom?.message === undefined ? {} : { errorMessage: intercom.message }),
      at: now(),
    },
    state: { ...(previous ?? {}), status: 'failed' },
  };
}

function written(
  row: PreparedRow,
  action: RecordAction,
  intercomId: string | undefined,
  sent: ContactFields,
  all: ContactFields,
  previous: RowState | undefined,
  notes: string[] = [],
): WriteOutcome {
  const sameRecord = previous?.intercomId !== undefined && previous.intercomId === intercomId;
  return {
    record: {
      key: row.key,
      line: row.line,
      status: 'written',
      action,
      ...(intercomId === undefined ? {} : { intercomId }),
      ...(Object.keys(sent).length === 0 ? {} : { diff: sent }),
      ...(notes.length === 0 ? {} : { reason: notes.join('; ') }),
      at: now(),
    },
    state: writtenState(row, intercomId, all, previous, sameRecord),
  };
}

/** Intercom's refusal of a write, as the row's failure. */
function refused(row: PreparedRow, action: RecordAction, error: IntercomRequestError, previous: RowState | undefined) {
  const { code, message, status } = error.details;
  return failedOutcome(
    row,
    action,
    `Intercom refused the ${action} (${status ?? '?'} ${code ?? 'error'}): ${message}`,
    previous,
    {
      code,
      message,
    },
  );
}

async function withAttributes(context: WriteContext, fields: ContactFields, model: 'contact' | 'company') {
  if (Object.keys(fields).length === 0) return { fields, notes: [] as string[] };
  const ensured = await ensureDataAttributes(context.intercom, context.lookups, fields, model, context.call);
  return { fields: ensured.fields, notes: ensured.notes };
}

/** Writes one contact or company row (tags are written per page, in `writeTags`). */
export async function writeRow(
  context: WriteContext,
  row: PreparedRow,
  action: Action,
  previous: RowState | undefined,
): Promise<WriteOutcome> {
  const { intercom, call, definition } = context;
  const model = definition.object === 'company' ? 'company' : 'contact';
  const name = actionName(action);
  try {
    switch (action.kind) {
      case 'create': {
        const { fields, notes } = await withAttributes(context, action.fields, 'contact');
        try {
          const contact = await intercom.createContact(toIntercomBody(fields), call);
          return written(row, 'create', contact.id, fields, row.fields, undefined, notes);
        } catch (error) {
          const conflict = conflictingContactId(error);
          if (conflict === undefined || definition.behaviour === 'insert') throw error;
          if (conflict.archived) {
            return {
              ...failedOutcome(
                row,
                'update',
                `the contact ${conflict.id} matching this row is archived in Intercom; archived contacts are reported Failed, not written (unarchive it in Intercom to sync the row)`,
                previous,
                { code: 'archived' },
              ),
              objectStatus: { object: 'contact', id: conflict.id, status: 'archived' },
            };
          }
          // Created since the lookup (or not searchable yet): Intercom names it, so it is updated instead.
          const update = await withAttributes(context, row.fields, 'contact');
          await intercom.updateContact(conflict.id, toIntercomBody(update.fields), call);
          return written(row, 'update', conflict.id, update.fields, row.fields, undefined, [
            ...update.notes,
            'Intercom answered the create with 409 naming this contact, which was updated',
          ]);
        }
      }
      case 'update': {
        if (Object.keys(action.fields).length === 0) {
          return written(row, 'update', action.id, {}, action.all, previous, ['nothing to change in Intercom']);
        }
        const { fields, notes } = await withAttributes(context, action.fields, model);
        if (model === 'company') await intercom.updateCompany(action.id, toIntercomBody(fields), call);
        else await intercom.updateContact(action.id, toIntercomBody(fields), call);
        return written(row, 'update', action.id, fields, action.all, previous, notes);
      }
      case 'upsert-company': {
        const { fields, notes } = await withAttributes(context, action.fields, 'company');
        const company = await intercom.upsertCompany({ ...toIntercomBody(fields), company_id: action.companyId }, call);
        return written(row, name, company.id, fields, action.all, previous, notes);
      }
      case 'delete': {
        if (model === 'company') await intercom.deleteCompany(action.id, call);
        else await intercom.deleteContact(action.id, call);
        return {
          ...written(row, 'delete', action.id, {}, {}, previous),
          objectStatus: { object: model, id: action.id, status: 'deleted' },
        };
      }
      case 'archive': {
        await intercom.archiveContact(action.id, call);
        return {
          ...written(row, 'archive', action.id, {}, {}, previous),
          objectStatus: { object: 'contact', id: action.id, status: 'archived' },
        };
      }
      case 'fail':
        return failedOutcome(row, 'none', action.reason, previous, { code: action.code });
      default:
        return failedOutcome(row, name, `${action.kind} is written per page`, previous);
    }
  } catch (error) {
    if (!(error instanceof IntercomRequestError)) throw error;
    const gone = error.details.status === 404 || error.details.status === 410;
    const remembered = previous?.intercomId;
    if (gone && remembered !== undefined && (action.kind === 'update' || action.kind === 'delete')) {
      // The record this row was written to has gone: Intercom keeps deleted records a while, and the
      // row is reported Failed meanwhile rather than the record created again.
      return {
        ...failedOutcome(
          row,
          name,
          `the ${model} ${remembered} this row was written to was deleted in Intercom; Intercom keeps deleted records 7 days, and a deleted record is reported Failed, not re-created`,
          previous,
          { code: 'deleted', message: error.details.message },
        ),
        objectStatus: { object: model, id: remembered, status: 'deleted' },
      };
    }
    return refused(row, name, error, previous);
  }
}

export interface TagWrite {
  row: PreparedRow;
  action: Extract<Action, { kind: 'tag' | 'untag' }>;
  previous: RowState | undefined;
}

/**
 * Applies or removes tags for a page: one POST /tags per tag name for contacts and companies (Intercom
 * tags many at once and, in 2.16, says which it could not find), one request per row for conversations
 * and for removing a tag from a contact.
 */
export async function writeTags(context: WriteContext, writes: TagWrite[]): Promise<WriteOutcome[]> {
  const { intercom, call, definition } = context;
  const outcomes: WriteOutcome[] = [];
  const byTag = new Map<string, TagWrite[]>();
  for (const write of writes) byTag.set(write.action.tag, [...(byTag.get(write.action.tag) ?? []), write]);
  const idOf = (write: TagWrite) => ('id' in write.action.ref ? write.action.ref.id : write.action.ref.company_id);

  for (const [tag, group] of byTag) {
    const untag = group[0]!.action.kind === 'untag';
    const action = untag ? 'untag' : 'tag';
    const done = (write: TagWrite, id?: string) =>
      written(write.row, action, id, {}, {}, write.previous, [`${action === 'tag' ? 'tagged' : 'untagged'} "${tag}"`]);
    try {
      if (definition.object === 'company_tag') {
        const result = await intercom.tagCompanies(
          tag,
          group.map((write) => write.action.ref),
          untag,
          call,
        );
        const tagged = new Map((result.companies ?? []).map((entry) => [entry.id, entry.tagged]));
        for (const write of group) {
          const reported = tagged.get(idOf(write));
          if (!untag && reported === false)
            outcomes.push(
              failedOutcome(
                write.row,
                action,
                `no company has ${definition.identifier?.field} ${idOf(write)}`,
                write.previous,
                { code: 'not_found' },
              ),
            );
          else outcomes.push(done(write, 'id' in write.action.ref ? write.action.ref.id : undefined));
        }
      } else if (definition.object === 'contact_tag' && !untag) {
        const result = await intercom.tagContactsReporting(tag, group.map(idOf), call);
        const tagged = new Map((result.users ?? []).map((entry) => [entry.id, entry.tagged]));
        for (const write of group) {
          if (tagged.get(idOf(write)) === false)
            outcomes.push(
              failedOutcome(write.row, action, `no contact has id ${idOf(write)}`, write.previous, {
                code: 'not_found',
              }),
            );
          else outcomes.push(done(write, idOf(write)));
        }
      } else {
        const tagId = untag ? await context.lookups.tagId(tag, call) : (await intercom.findOrCreateTag(tag, call)).id;
        for (const write of group) {
          if (tagId === undefined) {
            outcomes.push({
              ...done(write, idOf(write)),
              record: {
                ...done(write).record,
                reason: `the tag "${tag}" does not exist in Intercom: nothing to remove`,
              },
            });
            continue;
          }
          try {
            if (definition.object === 'conversation_tag') {
              if (untag) await intercom.untagConversation(idOf(write), tagId, definition.admin_id!, call);
              else await intercom.tagConversation(idOf(write), tagId, definition.admin_id!, call);
            } else await intercom.untagContact(idOf(write), tagId, call);
            outcomes.push(done(write, idOf(write)));
          } catch (error) {
            if (!(error instanceof IntercomRequestError)) throw error;
            outcomes.push(refused(write.row, action, error, write.previous));
          }
        }
      }
    } catch (error) {
      if (!(error instanceof IntercomRequestError)) throw error;
      for (const write of group) outcomes.push(refused(write.row, action, error, write.previous));
    }
  }
  return outcomes;
}
