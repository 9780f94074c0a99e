import type { ConvertLeadInput } from '../shared/inputs';
import { hullActivities, intercomActivities } from './activity-proxies';

/**
 * Lead → user conversion (convert_leads), started by the user's sync workflow once the Intercom user
 * exists: merge the lead into it, then mark the Hull profile converted — only after the merge
 * succeeded. A failed merge fails this workflow with Intercom's reason; the user's workflow lists it
 * and POST /failures/retry runs it again.
 */
export async function convertLeadWorkflow(input: ConvertLeadInput): Promise<{ userId: string }> {
  const { mergeLeadIntoUser } = intercomActivities();
  const { markLeadConverted } = hullActivities();
  const merged = await mergeLeadIntoUser({ leadId: input.leadId, userId: input.userId });
  await markLeadConverted({ ...input, userId: merged.userId, at: new Date().toISOString() });
  return merged;
}
