/**
 * Creating a lead without ever making a twin. Intercom refuses a second *user* with the same email or
 * external_id (409), but not a second lead: when a create's answer is lost (the request outlived the
 * client's timeout, the connection dropped) and the contact search still trails creations, a retry
 * that looks the lead up finds nothing and creates it again.
 *
 * So a lead's create is an activity of its own (`createHullLead`), and every lead is created with a
 * marker: the custom attribute `hull_create_marker` holding the Hull user's id. The first attempt
 * creates. A later attempt of the same activity knows an earlier one may have reached Intercom: it
 * searches for the marker first and adopts the lead it finds; finding none, it creates again only
 * once the search index can be trusted to show the earlier create (the activity was first scheduled
 * longer ago than `searchIndexLagMs`), and until then waits (a retryable failure that says why). Two
 * leads carrying one marker are a twin: reported on the write and in the log.
 */
import { Context } from '@temporalio/activity';
import { IntercomTransientError } from '../../intercom/errors';
import type { IntercomContact } from '../../intercom/schemas';
import { changedFields, type ContactFields } from '../../sync/outgoing';
import { customAttributePath } from '../../sync/outgoing/intercom-fields';
import { ensureDataAttributes } from './ensure-data-attributes';
import { createContact, type UserStepClients, type UserWrite, type WrittenContact } from './user-steps';

/** The custom attribute every lead this engine creates carries: the Hull user's id. */
export const LEAD_MARKER_ATTRIBUTE = 'hull_create_marker';

export const DEFAULT_SEARCH_INDEX_LAG_MS = 600_000;

/** How long a waiting attempt waits before it looks for the marker again: a tenth of the lag, 1 to 15 s. */
const recheckMs = (searchIndexLagMs: number) => Math.min(15_000, Math.max(1_000, searchIndexLagMs / 10));

/** The leads carrying this Hull user's marker, oldest first (what search shows of them so far). */
export async function markedLeads({ intercom }: UserStepClients, w: UserWrite): Promise<IntercomContact[]> {
  const page = await intercom.searchContacts(
    {
      query: {
        operator: 'AND',
        value: [
          { field: 'role', operator: '=', value: 'lead' },
          { field: customAttributePath(LEAD_MARKER_ATTRIBUTE), operator: '=', value: w.message.user.id },
        ],
      },
      perPage: 25,
      sort: { field: 'created_at', order: 'ascending' },
    },
    w.call,
  );
  return page.data;
}

/** Says so on the write and in the log when one Hull user has more than one lead. */
function reportTwins(w: UserWrite, leads: IntercomContact[]): void {
  if (leads.length < 2) return;
  const ids = leads.map((lead) => lead.id).join(', ');
  const line = `twin leads in Intercom for Hull user ${w.message.user.id}: ${ids} carry its ${LEAD_MARKER_ATTRIBUTE}; kept ${leads[0]!.id} (the oldest), merge or delete the others`;
  w.notes.push(line);
  Context.current().log.warn(line, { hullUserId: w.message.user.id, leadIds: leads.map((lead) => lead.id) });
}

export interface LeadCreateAttempt {
  /** This attempt's number (1 for the first). */
  attempt: number;
  /** When the activity was first scheduled (unix ms): the earliest an earlier attempt can have created. */
  firstScheduledAt: number;
  now: number;
  searchIndexLagMs: number;
}

/**
 * The lead created, or, on a later attempt, the one an earlier attempt created (adopted: its fields
 * are those this write sends, since every attempt sends the same). Throws a retryable wait while an
 * earlier create may still be invisible to search.
 */
export async function createLeadOnce(
  clients: UserStepClients,
  w: UserWrite,
  fields: ContactFields,
  attempt: LeadCreateAttempt,
): Promise<WrittenContact> {
  if (attempt.attempt > 1) {
    const leads = await markedLeads(clients, w);
    reportTwins(w, leads);
    const earlier = leads[0];
    if (earlier !== undefined) {
      w.notes.push(
        `an earlier attempt created lead ${earlier.id} (its answer was lost): adopted it, not created again`,
      );
      return {
        id: earlier.id,
        created: true,
        fields: changedFields(fields, undefined),
        fingerprintBase: undefined,
        record: earlier,
      };
    }
    const waited = attempt.now - attempt.firstScheduledAt;
    if (waited < attempt.searchIndexLagMs) {
      const left = attempt.searchIndexLagMs - waited;
      throw new IntercomTransientError(
        {
          method: 'POST',
          path: '/contacts',
          message:
            `an earlier attempt to create this lead may have reached Intercom (its answer was lost); no second create ` +
            `until search shows its ${LEAD_MARKER_ATTRIBUTE} or ${Math.round(attempt.searchIndexLagMs / 1000)} s have passed ` +
            `(${Math.round(left / 1000)} s left)`,
        },
        Math.min(recheckMs(attempt.searchIndexLagMs), left),
      );
    }
    w.notes.push(
      `no lead carries this user's ${LEAD_MARKER_ATTRIBUTE} ${Math.round(waited / 1000)} s after the first attempt: ` +
        'the earlier create did not happen, creating it now',
    );
  }
  const marker = { [customAttributePath(LEAD_MARKER_ATTRIBUTE)]: w.message.user.id };
  const ensured = await ensureDataAttributes(clients.intercom, clients.lookups, marker, 'contact', w.call);
  w.notes.push(...ensured.notes);
  return createContact(clients, w, fields, ensured.fields);
}
