import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import { COMPANY_GROUP } from '../../sync/incoming/identity';
import {
  buildCompanyFields,
  changedFields,
  companyTagChanges,
  decideAccountTarget,
  mergeFingerprint,
  parseFingerprint,
  writeBackTraits,
  toIntercomBody,
  appliedTagsAfter,
  withKnownTags,
} from '../../sync/outgoing';
import { readString } from '../../sync/outgoing/hull-values';
import type { CompanySyncResult, CompanySyncState, PendingAccountUpdate } from '../../shared/outgoing';
import type { ActivityDeps } from '../deps';
import { ensureDataAttributes } from './ensure-data-attributes';
import type { OutgoingGate } from './outgoing-gate';

const FINGERPRINT_ATTRIBUTE = `${COMPANY_GROUP}/sync_fingerprint`;

/**
 * Writes one Hull account to Intercom as a company: POST /companies upserts by `company_id`, so there
 * is nothing to look up; only the fields changed since the last write are sent (with company_id,
 * always). Synchronized account segments become company tags. The Intercom id and fingerprint go
 * back on the Hull account.
 */
export function createAccountSyncActivities(deps: ActivityDeps & { gate: OutgoingGate }) {
  const { intercom, lookups, hull, settings: settingsProvider, gate } = deps;

  return {
    async syncHullAccountToIntercom(input: {
      update: PendingAccountUpdate;
      state: CompanySyncState;
    }): Promise<CompanySyncResult> {
      const context = Context.current();
      const call = activityCall('live');
      const { meter } = call;
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const { update, state } = input;
        const { message } = update;
        const target = decideAccountTarget(message, settings, { isExport: update.isExport });
        if (target.kind === 'skip') return { outcome: 'skipped', reason: target.reason, state, requests: 0, notes: [] };

        const built = buildCompanyFields(message.account, settings);
        const ensured = await ensureDataAttributes(intercom, lookups, built.fields, 'company', call);
        const notes = [...built.notes, ...ensured.notes];
        const storedId = readString(message.account, `${COMPANY_GROUP}/id`);
        // The workflow's state describes this company only while the profile still names the same one.
        const stateApplies = state.intercomId !== undefined && state.intercomId === storedId;
        const previous = stateApplies
          ? state.fingerprint
          : storedId !== undefined
            ? parseFingerprint(message.account[FINGERPRINT_ATTRIBUTE])
            : undefined;
        const changes = changedFields(ensured.fields, previous);
        const known = stateApplies ? state.tags : undefined;
        const account = withKnownTags(message.account, `${COMPANY_GROUP}/tags`, known);
        const tags = companyTagChanges({ ...message, account }, settings, {
          isNewCompany: storedId === undefined,
          organisationSegments: update.organisationSegments,
        });
        if (Object.keys(changes).length === 0 && storedId !== undefined && tags.add.length + tags.remove.length === 0) {
          return {
            outcome: 'unchanged',
            state: { ...state, intercomId: storedId, fingerprint: previous },
            requests: 0,
            notes,
          };
        }

        const company = await intercom.upsertCompany({ company_id: built.companyId, ...toIntercomBody(changes) }, call);
        for (const name of tags.add) await intercom.tagCompany(name, company.id, false, call);
        for (const name of tags.remove) await intercom.tagCompany(name, company.id, true, call);

        const fingerprint = mergeFingerprint(previous, changes);
        const writeBack = writeBackTraits(
          { attribute: `${COMPANY_GROUP}/id`, stored: storedId, value: company.id },
          { attribute: FINGERPRINT_ATTRIBUTE, stored: message.account[FINGERPRINT_ATTRIBUTE], value: fingerprint },
        );
        if (Object.keys(writeBack).length > 0) {
          const batch = hull.batch();
          batch.accountTraits({ id: message.account.id }, writeBack);
          await batch.flush(context.cancellationSignal);
        }
        const appliedTags = appliedTagsAfter(known, tags, storedId === undefined);
        return {
          outcome: 'upserted',
          state: { intercomId: company.id, fingerprint, tags: appliedTags },
          requests: meter.requests,
          notes,
        };
      });
    },
  };
}
