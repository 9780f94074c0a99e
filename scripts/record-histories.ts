/**
 * `npm run histories:record`: runs one of every workflow type against the simulators on a fresh
 * Temporal dev server and saves their histories to test/fixtures/histories/, which the replay test
 * replays against the current workflow code. Re-record only on purpose: a history that no longer
 * replays means running workflows would break; change the code with `patched()` instead, or accept
 * that old runs must finish first, and say so in the commit.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { loadConfig } from '../src/config/load';
import { SANDBOX_CREDENTIALS, signWebhookBody } from '@hull-intercom-sync/intercom-simulator';
import { provisionTemporal } from '../src/temporal/provision';
import { stderrProgress } from '../src/temporal/provision/progress';
import { workflowIds } from '../src/shared/workflow-ids';
import { checkConnectionsWorkflow, fetchAllWorkflow, incrementalFetchWorkflow } from '../src/workflows';
import { startHarness, type Harness } from '../test/helpers/engine-harness';
import { postNotification, userMessage, writtenFor } from '../test/helpers/hull-notifications';
import { defineActivation, runActivation, sql } from '../test/helpers/activations';
import { startTestPostgres } from '../test/helpers/postgres';

const OUT = join(__dirname, '..', 'test', 'fixtures', 'histories');
const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };
const LEADS = { id: 'c0ffee000000000000000003', name: 'Leads' };
const ENTERPRISE = { id: 'ac0ffee00000000000000001', name: 'Enterprise' };

/** `npm run histories:record -- <type> ...` records only those (the others keep their recordings). */
const only = process.argv.slice(2);

async function save(client: Client, name: string, workflowId: string): Promise<void> {
  if (only.length > 0 && !only.some((wanted) => name === wanted || name.startsWith(`${wanted}-`))) return;
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  writeFileSync(join(OUT, `${name}.bin`), temporal.api.history.v1.History.encode(history).finish());
  process.stderr.write(`recorded ${name} (${history.events?.length ?? 0} events)\n`);
}

async function record(harness: Harness): Promise<void> {
  const client = harness.engine.temporalClient;
  const connector = harness.hull.connectorId;
  const run = (workflowId: string) => client.workflow.getHandle(workflowId).result();

  await client.workflow.execute(checkConnectionsWorkflow, { taskQueue: harness.taskQueue, workflowId: 'record/check' });
  await save(client, 'checkConnectionsWorkflow', 'record/check');

  harness.intercom.seed({ users: 400, leads: 50, companies: 20, seed: 1 });
  for (const entity of ['users', 'companies'] as const) {
    await client.workflow.start(fetchAllWorkflow, {
      taskQueue: harness.taskQueue,
      workflowId: `record/fetch-all/${entity}`,
      args: [{ entity }],
    });
    await run(`record/fetch-all/${entity}`);
    await save(client, `fetchAllWorkflow-${entity}`, `record/fetch-all/${entity}`);
  }
  await client.workflow.execute(incrementalFetchWorkflow, {
    taskQueue: harness.taskQueue,
    workflowId: 'record/incremental',
    args: [{ entity: 'users' }],
  });
  await save(client, 'incrementalFetchWorkflow', 'record/incremental');

  // A webhook for a contact: its entity workflow stays open (idle), its history so far replays.
  const contact = [...harness.intercom.store.contacts.values()].find((c) => c.role === 'user')!;
  const body = JSON.stringify({
    type: 'notification_event',
    id: 'notif_record_1',
    topic: 'contact.user.created',
    app_id: SANDBOX_CREDENTIALS.appId,
    created_at: Math.floor(Date.now() / 1000),
    data: {
      type: 'notification_event_data',
      item: await (
        await fetch(`${harness.intercom.url}/contacts/${contact.id}`, {
          headers: { Authorization: `Bearer ${SANDBOX_CREDENTIALS.accessToken}` },
        })
      ).json(),
    },
  });
  await fetch(`${harness.apiUrl}/webhooks/intercom`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-hub-signature': signWebhookBody(body, SANDBOX_CREDENTIALS.clientSecret),
    },
    body,
  });
  const contactWorkflow = workflowIds.intercomContact(connector, contact.id);
  for (
    let i = 0;
    i < 100 && (await client.workflow.getHandle(contactWorkflow).fetchHistory()).events!.length < 10;
    i += 1
  ) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await save(client, 'intercomEntityWorkflow', contactWorkflow);

  // A Hull user sent as a lead, then converted: the user's workflow and the conversion child.
  const user = harness.hull.upsertUser({ email: 'record@example.org' });
  const userWorkflow = workflowIds.hullUser(connector, user.id);
  const asLead = await postNotification(harness, 'user:update', [
    userMessage({ id: user.id, email: 'record@example.org', traits: { name: 'Record' }, segments: [LEADS] }),
  ]);
  await writtenFor(harness, userWorkflow, asLead.notificationId);
  const leadId = harness.hull.findUser({ id: user.id })!.traits['intercom_lead/id'];
  const asUser = await postNotification(harness, 'user:update', [
    userMessage({
      id: user.id,
      email: 'record@example.org',
      traits: { name: 'Record', 'intercom_lead/id': leadId },
      segments: [CUSTOMERS],
    }),
  ]);
  await writtenFor(harness, userWorkflow, asUser.notificationId);
  await save(client, 'hullUserSyncWorkflow', userWorkflow);
  await save(client, 'convertLeadWorkflow', workflowIds.convertLead(connector, String(leadId)));

  const account = harness.hull.upsertAccount(
    { external_id: 'record-co', domain: 'record.example' },
    { name: 'Record Co' },
  );
  const accountWorkflow = workflowIds.hullAccount(connector, account.id);
  const accountPosted = await postNotification(harness, 'account:update', [
    {
      account: { id: account.id, external_id: 'record-co', domain: 'record.example', name: 'Record Co' },
      account_segments: [ENTERPRISE],
      changes: { account: {}, account_segments: { entered: [ENTERPRISE] } },
    },
  ]);
  await writtenFor(harness, accountWorkflow, accountPosted.notificationId);
  await save(client, 'hullAccountSyncWorkflow', accountWorkflow);

  // A notification too large to signal before answering: its first part's intake workflow.
  const bulk = await postNotification(
    harness,
    'user:update',
    Array.from({ length: 120 }, (_, i) => userMessage({ id: `5f00000000000000000${String(i).padStart(5, '0')}` })),
  );
  const intake = workflowIds.hullIntake(connector, bulk.notificationId, 0);
  await run(intake);
  await save(client, 'hullIntakeWorkflow', intake);

  // An activation run over three pages of a PostgreSQL table, one row failing.
  await sql(harness, 'CREATE TABLE record_rows (ext text PRIMARY KEY, email text)');
  await sql(
    harness,
    "INSERT INTO record_rows VALUES ('r1', 'r1@example.org'), ('r2', 'bad'), ('r3', 'r3@example.org'), ('r4', 'r4@example.org'), ('r5', 'r5@example.org')",
  );
  await defineActivation(harness, {
    name: 'record',
    source: { kind: 'postgres', query: 'SELECT * FROM record_rows' },
    object: 'contact',
    behaviour: 'upsert',
    identifier: { field: 'external_id', column: 'ext' },
    page_size: 2,
    mapping: [{ column: 'email', field: 'email' }],
  });
  const { links } = await runActivation(harness, 'record');
  await save(client, 'activationRunWorkflow', links.workflowId);

  // An operation: a contact created through POST /operations/contacts.create with an Idempotency-Key.
  const created = await fetch(`${harness.apiUrl}/operations/contacts.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'record-operation' },
    body: JSON.stringify({ email: 'operation@example.org', name: 'Operation' }),
  });
  if (created.status !== 200) throw new Error(`contacts.create answered ${created.status}: ${await created.text()}`);
  await save(client, 'operationWorkflow', workflowIds.operation(connector, 'contacts.create', 'record-operation'));
  // The connector's status: the workers' reports of everything above, its own check at start, an operator's check.
  const checked = await fetch(`${harness.apiUrl}/actions/check-connections`, { method: 'POST' });
  if (!checked.ok) throw new Error(`check-connections answered ${checked.status}`);
  await save(client, 'connectorStatusWorkflow', workflowIds.connectorStatus(connector));

  // An OAuth connection: the authorise page, the callback, the connect workflow.
  const start = await fetch(`${harness.apiUrl}/auth/intercom`, { redirect: 'manual' });
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const approved = await fetch(start.headers.get('location')!, { redirect: 'manual' });
  const connected = await fetch(approved.headers.get('location')!, { headers: { cookie }, redirect: 'manual' });
  if (connected.status !== 303) throw new Error(`the OAuth callback answered ${connected.status}`);
  let connectRun: string | undefined;
  for await (const execution of client.workflow.list({ query: 'WorkflowType = "connectIntercomWorkflow"' })) {
    if (workflowIds.ownedBy(connector, execution.workflowId)) connectRun = execution.workflowId;
  }
  await save(client, 'connectIntercomWorkflow', connectRun!);
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const server = await provisionTemporal({ temporal: loadConfig({}).temporal, purpose: 'test', log: stderrProgress });
  process.env.TEMPORAL_TEST_ADDRESS = server.address;
  process.env.TEMPORAL_TEST_NAMESPACE = server.namespace;
  const postgres = await startTestPostgres();
  process.env.TEST_POSTGRES_URL = postgres.url;
  let harness: Harness | undefined;
  try {
    harness = await startHarness({
      name: 'record',
      activations: true,
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        synchronized_lead_segments: [LEADS.id],
        synchronized_account_segments: [ENTERPRISE.id],
        outgoing_account_attributes: [{ hull: 'name', service: 'name' }],
        outgoing_user_attributes: [{ hull: 'name', service: 'name' }],
        convert_leads: true,
        fetch_companies: true,
        incoming_events: ['user.created'],
        users_last_fetch_timestamp: Math.floor(Date.now() / 1000) - 86_400,
      },
      // The status workflow's own connection check is part of its recording.
      env: { CONNECTION_CHECK_MINUTES: '5' },
      oauth: { encryptionKey: 'a-recording-key-of-at-least-32-characters' },
    });
    await record(harness);
  } finally {
    await harness?.stop();
    await server.stop();
    await postgres.stop();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `recording failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
