import { Context } from '@temporalio/activity';
import { activityCall } from '../call-options';
import type { ActivityDeps } from '../deps';
import type { OutgoingGate } from './outgoing-gate';

/** The two steps of a lead → user conversion, each retried on its own by the conversion workflow. */
export function createLeadConversionActivities(deps: ActivityDeps & { gate: OutgoingGate }) {
  const { intercom, hull, gate } = deps;
  return {
    /** POST /contacts/merge {from: lead, into: user} (API 2.x; v1's /contacts/convert is gone). */
    async mergeLeadIntoUser(input: { leadId: string; userId: string }): Promise<{ userId: string }> {
      const call = activityCall('live');
      return gate.run(async () => {
        const user = await intercom.mergeContacts(input.leadId, input.userId, call);
        return { userId: user.id };
      });
    },

    /** Marks the Hull profile converted, only after the merge succeeded (Hull's connector marked it regardless). */
    async markLeadConverted(input: { hullUserId: string; leadId: string; userId: string; at: string }): Promise<void> {
      const batch = hull.batch();
      batch.userTraits(
        { id: input.hullUserId },
        {
          'intercom_lead/converted_at': input.at,
          'intercom_lead/converted_into': input.userId,
          'intercom_lead/lead_converted': true,
          'intercom_lead/is_lead': false,
        },
      );
      await batch.flush(Context.current().cancellationSignal);
    },
  };
}
