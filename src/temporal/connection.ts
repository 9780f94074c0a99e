/**
 * Connections to Temporal for the API (client) and the worker (native connection), built from one
 * endpoint so both reach the same cluster with the same TLS, API key and gRPC metadata (read from
 * Temporal's standard variables and profile file by config/temporal-profile.ts; Temporal Cloud works).
 */
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TemporalCredentials } from '../config/temporal-profile';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  /** None for a dev server the engine provisioned itself. */
  credentials?: TemporalCredentials;
}

const sharedOptions = (endpoint: TemporalEndpoint) => ({
  ...endpoint.credentials?.connectionOptions(),
  address: endpoint.address,
});

/**
 * gRPC's reconnect backoff grows to 2 minutes by default: after a Temporal restart the API would keep
 * answering 503 long after the server is back. Capped at 2 s, it reconnects within seconds.
 */
const RECONNECT_CHANNEL_ARGS = {
  'grpc.initial_reconnect_backoff_ms': 250,
  'grpc.max_reconnect_backoff_ms': 2_000,
};

export async function connectClient(endpoint: TemporalEndpoint): Promise<Client> {
  const connection = await Connection.connect({
    ...sharedOptions(endpoint),
    connectTimeout: '10s',
    channelArgs: RECONNECT_CHANNEL_ARGS,
  });
  return new Client({ connection, namespace: endpoint.namespace });
}

export function connectWorker(endpoint: TemporalEndpoint): Promise<NativeConnection> {
  return NativeConnection.connect(sharedOptions(endpoint));
}

/** True when the frontend answers a cheap RPC within the deadline (used by /health). */
export async function isTemporalReachable(client: Client, timeoutMs = 2_000): Promise<boolean> {
  try {
    await client.connection.withDeadline(Date.now() + timeoutMs, () =>
      client.connection.workflowService.getSystemInfo({}),
    );
    return true;
  } catch {
    return false;
  }
}
