import type { ConnectIntercomInput, IntercomConnectionSummary } from '../shared/inputs';
import { intercomActivities } from './activity-proxies';

/**
 * The OAuth callback (GET /auth/intercom/callback) waits for this: one activity exchanges the code,
 * verifies the token and stores it sealed. The code arrives sealed; the token never comes back. Few
 * attempts: a code is single use and expires in minutes, so an operator retries by connecting again.
 */
export async function connectIntercomWorkflow(input: ConnectIntercomInput): Promise<IntercomConnectionSummary> {
  const { connectIntercom } = intercomActivities({ maximumAttempts: 2 });
  return connectIntercom(input);
}
