import { ApplicationFailure, Context } from '@temporalio/activity';
import { seal, unseal } from '../config/sealed';
import type { Secret } from '../config/secret';
import { IntercomAuthError } from '../intercom/errors';
import { apiUrlForRegion, exchangeOAuthCode, REGION_API_URLS } from '../intercom/oauth';
import type { IntercomMe } from '../intercom/schemas';
import type { ConnectIntercomInput, IntercomConnectionSummary } from '../shared/inputs';
import type { ActivityDeps } from './deps';

/** A code sealed under another key (the API's TOKEN_ENCRYPTION_KEY differs from the worker's) is for good. */
function openCode(key: Secret, sealed: string): string {
  try {
    return unseal(key, sealed);
  } catch (error) {
    throw ApplicationFailure.nonRetryable(
      `${(error as Error).message}: the API and the workers need the same TOKEN_ENCRYPTION_KEY`,
      'InvalidData',
    );
  }
}

export function createConnectIntercomActivities({ oauth }: ActivityDeps) {
  return {
    /**
     * The OAuth callback's work: exchanges the code for a token, proves it with GET /me (on the
     * configured host, else on each region's host until one answers: a token works on its
     * workspace's region only), and stores it sealed with the workspace and the API host its region
     * answers on. Only the workspace comes back: the token never enters a history.
     */
    async connectIntercom({ sealedCode }: ConnectIntercomInput): Promise<IntercomConnectionSummary> {
      if (oauth === undefined) {
        throw ApplicationFailure.nonRetryable(
          'OAuth is not configured on this worker (INTERCOM_CLIENT_ID)',
          'InvalidData',
        );
      }
      const signal = Context.current().cancellationSignal;
      const token = await exchangeOAuthCode({
        tokenUrl: oauth.config.tokenUrl,
        clientId: oauth.config.clientId,
        clientSecret: oauth.clientSecret.reveal(),
        code: openCode(oauth.config.encryptionKey, sealedCode),
        signal,
      });
      const hosts = oauth.apiUrlConfigured
        ? [oauth.apiUrl]
        : [...new Set([oauth.apiUrl, ...Object.values(REGION_API_URLS)])];
      let me: IntercomMe | undefined;
      let answeredOn = oauth.apiUrl;
      for (const [index, host] of hosts.entries()) {
        try {
          me = await oauth.me(token, host, signal);
          answeredOn = host;
          break;
        } catch (error) {
          if (!(error instanceof IntercomAuthError) || index === hosts.length - 1) throw error;
        }
      }
      const region = me!.app?.region ?? null;
      const summary: IntercomConnectionSummary = {
        workspaceId: me!.app?.id_code ?? 'unknown',
        workspaceName: me!.app?.name ?? null,
        region,
        apiUrl: oauth.apiUrlConfigured ? oauth.apiUrl : apiUrlForRegion(region, answeredOn),
      };
      await oauth.store.saveIntercomConnection({ ...summary, sealedToken: seal(oauth.config.encryptionKey, token) });
      oauth.connections.forget();
      return summary;
    },
  };
}
