/**
 * The real API (buildApi) on a Temporal client whose server is not there: a lazy connection to a
 * closed port, without the client's gRPC retries, so a call that needs Temporal fails at once (a
 * 503), while everything that does not (documentation, validation, authentication, routing) answers
 * as in production. For tests of the API's own behaviour; the integration tests run it on a server.
 */
import { Client, Connection } from '@temporalio/client';
import type { ApiContext } from '../../src/api/context';
import { buildApi, type Api } from '../../src/api/server';
import { Secret } from '../../src/config/secret';
import { SettingsProvider } from '../../src/config/settings-provider';
import { NotificationAuthenticator } from '../../src/hull/notification-auth';
import { createLogger, type Logger } from '../../src/logger';
import { taskQueuesFor } from '../../src/shared/task-queues';

export const OFFLINE_CONNECTOR_ID = '0123456789abcdef01234567';
export const OFFLINE_API_TOKEN = 'operator-token-for-tests';
export const OFFLINE_CLIENT_SECRET = 'intercom-client-secret-for-tests';

export interface OfflineApi {
  app: Api;
  close(): Promise<void>;
}

export async function buildOfflineApi(
  options: { log?: Logger; context?: Partial<ApiContext>; beforeReady?: (app: Api) => void } = {},
): Promise<OfflineApi> {
  const temporal = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', interceptors: [] }) });
  const app = await buildApi({
    temporal,
    taskQueues: taskQueuesFor('offline'),
    mode: 'sandbox',
    log: options.log ?? createLogger('silent'),
    connectorId: OFFLINE_CONNECTOR_ID,
    settings: new SettingsProvider({ source: { fetch: () => Promise.resolve({}) } }),
    notificationAuth: new NotificationAuthenticator({
      connectorId: OFFLINE_CONNECTOR_ID,
      organization: 'offline.hullapp.io',
      secret: () => 'connector-secret',
    }),
    operatorToken: new Secret(OFFLINE_API_TOKEN),
    intercomClientSecret: new Secret(OFFLINE_CLIENT_SECRET),
    ...options.context,
  });
  options.beforeReady?.(app);
  await app.ready();
  return {
    app,
    async close() {
      await app.close();
      await temporal.connection.close();
    },
  };
}

export const operatorHeaders = { authorization: `Bearer ${OFFLINE_API_TOKEN}` };
