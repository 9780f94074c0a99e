/**
 * The foundation end to end, in-process: the engine's API and workers on the shared Temporal server,
 * against both simulators. Checks /health and a workflow + activity round trip that reaches Intercom
 * and Hull with the engine's credentials.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { listen } from '../../src/api/listen';
import { buildApi } from '../../src/api/server';
import { loadConfig } from '../../src/config/load';
import { SettingsProvider } from '../../src/config/settings-provider';
import { NotificationAuthenticator } from '../../src/hull/notification-auth';
import { createLogger } from '../../src/logger';
import { connectClient, isTemporalReachable } from '../../src/temporal/connection';
import { taskQueuesFor } from '../../src/shared/task-queues';
import { expectConformingTraffic, startHarness, type Harness } from '../helpers/engine-harness';
import { eventually, waitFor } from '../helpers/eventually';

describe('engine foundation', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'foundation' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('reports Temporal connectivity on /health', async () => {
    const response = await fetch(`${harness.apiUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: 'ok',
      temporal: { connected: true, taskQueue: harness.taskQueue },
    });
  });

  it('runs a workflow whose activities reach Intercom and Hull through the real server', async () => {
    harness.intercom.resetRequestLog();
    const response = await fetch(`${harness.apiUrl}/actions/check-connections`, { method: 'POST' });
    expect(response.status).toBe(200);
    const report = (await response.json()) as { workflowId: string };
    expect(report).toMatchObject({
      intercom: { ok: true, workspaceId: 'sandboxapp', region: 'US' },
      hull: { ok: true, connectorId: harness.hull.connectorId },
    });
    expect(harness.intercom.requestCount('GET', '/me')).toBe(1);
    const history = await harness.engine.temporalClient.workflow.getHandle(report.workflowId).fetchHistory();
    const scheduled = (history.events ?? []).filter((event) => event.activityTaskScheduledEventAttributes);
    expect(scheduled.map((event) => event.activityTaskScheduledEventAttributes?.activityType?.name).sort()).toEqual([
      'checkHullConnection',
      'checkIntercomConnection',
    ]);
    expectConformingTraffic(harness.intercom);
  });

  it('answers 503 on /health when Temporal is unreachable', async () => {
    const deadClient = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const api = await buildApi({
      temporal: deadClient,
      taskQueues: taskQueuesFor('x'),
      mode: 'sandbox',
      log: createLogger('silent'),
      connectorId: '000000000000000000000000',
      settings: new SettingsProvider({ source: { fetch: () => Promise.resolve({}) } }),
      notificationAuth: new NotificationAuthenticator({ connectorId: '0', organization: 'o', secret: () => 's' }),
    });
    try {
      const response = await fetch(`${(await listen(api, '127.0.0.1', 0)).url}/health`);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({
        type: 'about:blank',
        title: 'Service Unavailable',
        status: 503,
        detail: 'Temporal does not answer',
        instance: '/health',
        temporal: { connected: false },
      });
    } finally {
      await api.close();
    }
  });
});

describe('Temporal connection settings', () => {
  it('reaches the cluster named by a profile of Temporal’s config file', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'temporal-profile-')), 'temporal.toml');
    writeFileSync(
      file,
      `[profile.tests]\naddress = "${process.env.TEMPORAL_TEST_ADDRESS}"\nnamespace = "${process.env.TEMPORAL_TEST_NAMESPACE ?? 'default'}"\n`,
    );
    const { temporal } = loadConfig({
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'tests',
      TEMPORAL_GRPC_META_X_CLIENT: 'hull-intercom-sync-tests',
    });
    expect(temporal).toMatchObject({
      address: process.env.TEMPORAL_TEST_ADDRESS,
      addressSource: expect.stringContaining('"tests"'),
    });
    const client = await connectClient({
      address: temporal.address!,
      namespace: temporal.namespace,
      credentials: temporal.credentials,
    });
    try {
      expect(await isTemporalReachable(client)).toBe(true);
      await client.workflowService.describeNamespace({ namespace: temporal.namespace });
    } finally {
      await client.connection.close();
    }
  });
});

describe('workers with HEALTH_FILE', () => {
  it('touches the file while its workers run, and removes it when it stops', async () => {
    const healthFile = join(mkdtempSync(join(tmpdir(), 'worker-health-')), 'worker.health');
    const harness = await startHarness({ name: 'health', env: { HEALTH_FILE: healthFile } });
    try {
      await waitFor('the health file', () => existsSync(healthFile));
    } finally {
      await harness.stop();
    }
    expect(existsSync(healthFile)).toBe(false);
  });
});

describe('operator endpoints with API_TOKEN', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'operator', env: { API_TOKEN: 'operator-token' } });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('need the token, and only reach this connector’s workflows', async () => {
    expect((await fetch(`${harness.apiUrl}/failures`)).status).toBe(401);
    expect((await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' })).status).toBe(401);
    const authorized = { authorization: 'Bearer operator-token' };
    expect((await fetch(`${harness.apiUrl}/failures`, { headers: authorized })).status).toBe(200);
    const foreign = await fetch(`${harness.apiUrl}/runs/hull-intercom/another-connector/fetch-all/users`, {
      headers: authorized,
    });
    expect(foreign.status).toBe(404);
    // Health stays open for load balancers.
    expect((await fetch(`${harness.apiUrl}/health`)).status).toBe(200);
  });
});

describe('engine with a revoked Intercom token', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'revoked', engineIntercomToken: 'revoked-token' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('reports the 401 reason instead of retrying forever', async () => {
    // The API read the workspace (GET /me) once at start, refused too, and did not retry it.
    const meRequests = () => harness.intercom.requestLog.filter((r) => r.path === '/me');
    await eventually(() => expect(meRequests()).toEqual([expect.objectContaining({ status: 401 })]));
    harness.intercom.resetRequestLog();
    const response = await fetch(`${harness.apiUrl}/actions/check-connections`, { method: 'POST' });
    expect(response.status).toBe(502);
    const report = (await response.json()) as { intercom: { ok: boolean; error?: string }; hull: { ok: boolean } };
    expect(report.intercom.ok).toBe(false);
    expect(report.intercom.error).toMatch(/GET \/me failed with 401 unauthorized: Access Token Invalid/);
    expect(report.hull.ok).toBe(true);
    // Auth errors are not retried: exactly one attempt reached Intercom.
    expect(meRequests()).toHaveLength(1);
  });

  it('shows the refused token on the operator page’s status, with how to reconnect', async () => {
    const status = await waitFor('the check to reach the status', async () => {
      const body = (await (await fetch(`${harness.apiUrl}/operator/status`)).json()) as {
        connections: { intercom: { state: string; reason?: string; reconnect?: string }; hull: { state: string } };
      };
      return body.connections.intercom.state === 'unchecked' ? undefined : body.connections;
    });
    expect(status.intercom).toMatchObject({
      state: 'refused',
      reason: expect.stringMatching(/GET \/me failed with 401 unauthorized/),
      reconnect: expect.stringMatching(/working token/),
    });
    expect(status.hull.state).toBe('ok');
  });

  it('lists a fetch run that failed in GET /failures, with its reason', async () => {
    expect((await fetch(`${harness.apiUrl}/actions/fetch-all/users`, { method: 'POST' })).status).toBe(202);
    const failures = await waitFor('the failed fetch run to be listed', async () => {
      const body = (await (await fetch(`${harness.apiUrl}/failures`)).json()) as {
        runs: Array<{ workflowId: string; type: string; reason: string }>;
      };
      return body.runs.length > 0 ? body : undefined;
    });
    expect(failures.runs).toEqual([
      expect.objectContaining({
        workflowId: `hull-intercom/${harness.hull.connectorId}/fetch-all/users`,
        type: 'fetchAllWorkflow',
        reason: expect.stringMatching(/401 unauthorized/),
      }),
    ]);
    const run = (await (await fetch(`${harness.apiUrl}/runs/${failures.runs[0]!.workflowId}`)).json()) as {
      status: string;
      failure: string;
    };
    expect(run).toMatchObject({ status: 'FAILED', failure: expect.stringMatching(/401 unauthorized/) });
  });
});
