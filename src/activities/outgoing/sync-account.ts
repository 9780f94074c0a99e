import { activityCall } from '../call-options';
import type { CompanySyncResult, CompanySyncState, PendingAccountUpdate } from '../../shared/outgoing';
import { appliedTagsAfter, decideAccountTarget, mergeFingerprint } from '../../sync/outgoing';
import type { ActivityDeps } from '../deps';
import {
  describeAccountPlan,
  planAccountWrite,
  planIsUnchanged,
  storeAccountBack,
  writeCompany,
} from './account-steps';
import type { OutgoingGate } from './outgoing-gate';

/**
 * Writes one Hull account to Intercom as a company: POST /companies upserts by `company_id`, so there
 * is nothing to look up and nothing a retry could duplicate (one activity); only the fields changed
 * since the last write are sent. Synchronized account segments become company tags. The Intercom id
 * and fingerprint go back on the Hull account (account-steps.ts).
 */
export function createAccountSyncActivities(deps: ActivityDeps & { gate: OutgoingGate }) {
  const { settings: settingsProvider, gate } = deps;

  return {
    async syncHullAccountToIntercom(input: {
      update: PendingAccountUpdate;
      state: CompanySyncState;
    }): Promise<CompanySyncResult> {
      const call = activityCall('live');
      const { update, state } = input;
      return gate.run(async () => {
        const settings = await settingsProvider.current();
        const target = decideAccountTarget(update.message, settings, { isExport: update.isExport });
        if (target.kind === 'skip') return { outcome: 'skipped', reason: target.reason, state, requests: 0, notes: [] };

        if (settings.outgoing_dry_run) {
          const planned = await planAccountWrite(deps, update, state, settings, call, { createAttributes: false });
          const reason = `outgoing_dry_run: ${planIsUnchanged(planned) ? 'nothing to write' : describeAccountPlan(planned)}`;
          return { outcome: 'planned', reason, state, requests: call.meter.requests, notes: planned.notes };
        }
        const plan = await planAccountWrite(deps, update, state, settings, call);
        if (planIsUnchanged(plan)) {
          const unchanged = { ...state, intercomId: plan.storedId, fingerprint: plan.previous };
          return { outcome: 'unchanged', state: unchanged, requests: 0, notes: plan.notes };
        }
        const company = await writeCompany(deps, plan, call);
        const merged = mergeFingerprint(plan.previous, plan.changes);
        const fingerprint = await storeAccountBack(deps, plan, settings, company, merged, call.signal);
        const tags = appliedTagsAfter(plan.knownTags, plan.tags, plan.storedId === undefined);
        return {
          outcome: 'upserted',
          state: { intercomId: company.id, fingerprint, tags },
          requests: call.meter.requests,
          notes: plan.notes,
        };
      });
    },
  };
}
