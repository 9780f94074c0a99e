/**
 * Connections to Temporal for the API (client) and the worker (native connection), built from one
 * config so both reach the same cluster with the same TLS / API-key options (Temporal Cloud works).
 */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { TemporalConfig } from '../config/load';

export interface TemporalEndpoint {
  address: string;
  namespace: string;
  tls?: TemporalConfig['tls'];
  apiKey?: TemporalConfig['apiKey'];
}

function tlsOption(tls: TemporalConfig['tls']): TLSConfig | undefined {
  if (tls === undefined) return undefined;
  const read = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path));
  const crt = read(tls.certPath);
  const key = read(tls.keyPath);
  return {
    serverNameOverride: tls.serverName,
    serverRootCACertificate: read(tls.caPath),
    clientCertPair: crt && key ? { crt, key } : undefined,
  };
}

const sharedOptions = (endpoint: TemporalEndpoint) => ({
  address: endpoint.address,
  tls: tlsOption(endpoint.tls),
  apiKey: endpoint.apiKey?.reveal(),
});

export async function connectClient(endpoint: TemporalEndpoint): Promise<Client> {
  const connection = await Connection.connect({ ...sharedOptions(endpoint), connectTimeout: '10s' });
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
