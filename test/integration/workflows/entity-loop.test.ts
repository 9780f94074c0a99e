/**
 * The entity loop (src/workflows/entity-loop.ts) with mocked activities on the shared Temporal
 * server, as samples-typescript tests its workflows: the real workflow bundle, activities that are
 * plain functions recording what they were asked. Covers both directions of the one loop: an
 * outgoing burst coalesced into two writes, continue-as-new carrying the queue, a kept failure and the
 * dedupe memory, a kept failure re-driven by `retryFailures`, and an idle entity finishing.
 */
import { ApplicationFailure } from '@temporalio/activity';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Activities } from '../../../src/activities';
import type { IntercomEntityInput, HullAccountSyncInput } from '../../../src/shared/inputs';
import type { CompanySyncResult, CompanySyncState, PendingAccountUpdate } from '../../../src/shared/outgoing';
import { failuresQuery, failuresWithWorkQuery } from '../../../src/shared/queries';
import { SYNC_STATUS } from '../../../src/shared/search-attributes';
import { hullAccountUpdateSignal, intercomNotificationSignal, retryFailuresSignal } from '../../../src/shared/signals';
import { taskQueuesFor } from '../../../src/shared/task-queues';
import { WORKFLOW_TYPES } from '../../../src/shared/workflow-types';
import type { EntityNotification } from '../../../src/sync/incoming/webhook-notification';
import type { hullAccountSyncWorkflow, intercomEntityWorkflow } from '../../../src/workflows';
import { eventually, waitFor } from '../../helpers/eventually';
import { installTestRuntime, uniqueTaskQueue, workflowBundle } from '../../helpers/temporal';

type Mocked = Partial<Pick<Activities, 'applyIntercomNotification' | 'syncHullAccountToIntercom'>>;

/** A promise the test resolves by hand: lets an activity block until the test has sent what it wants. */
function gate<T = void>() {
  let open!: (value: T) => void;
  const opened = new Promise<T>((resolve) => (open = resolve));
  return { opened, open };
}

const notification = (id: string, topic = 'contact.user.updated'): EntityNotification => ({
  id,
  topic,
  tableTopic: 'user.updated' as EntityNotification['tableTopic'],
  createdAt: 1_700_000_000,
  action: { kind: 'contact' } as unknown as EntityNotification['action'],
  contact: { id: 'contact-1' },
});

const accountUpdate = (name: string, notificationId: string): PendingAccountUpdate => ({
  message: {
    account: { id: 'account-1', name },
    account_segments: [],
    changes: { account: { name: [null, name] }, account_segments: { entered: [], left: [] } },
  },
  isExport: false,
  organisationSegments: [],
  notificationIds: [notificationId],
});

describe('the entity loop, with mocked activities', () => {
  let connection: NativeConnection;
  let client: Client;
  const namespace = process.env.TEMPORAL_TEST_NAMESPACE ?? 'default';

  beforeAll(async () => {
    installTestRuntime();
    const address = process.env.TEMPORAL_TEST_ADDRESS!;
    connection = await NativeConnection.connect({ address });
    client = new Client({ connection: await Connection.connect({ address }), namespace });
  });

  afterAll(async () => {
    await client.connection.close();
    await connection.close();
  });

  /** Runs `test` with a main and an Intercom worker serving the mocked activities on a queue of its own. */
  async function withWorkers<T>(activities: Mocked, test: (taskQueue: string) => Promise<T>): Promise<T> {
    const queues = taskQueuesFor(uniqueTaskQueue('entity-loop'));
    const common = { connection, namespace, activities };
    const main = await Worker.create({ ...common, taskQueue: queues.main, workflowBundle: await workflowBundle() });
    const intercom = await Worker.create({ ...common, taskQueue: queues.intercom });
    return main.runUntil(intercom.runUntil(test(queues.main)));
  }

  const startEntity = (taskQueue: string, input: Omit<IntercomEntityInput, 'entity'>, first: EntityNotification) =>
    client.workflow.signalWithStart<typeof intercomEntityWorkflow, [EntityNotification]>(
      WORKFLOW_TYPES.intercomEntity,
      {
        taskQueue,
        workflowId: `${taskQueue}/intercom-contact/contact-1`,
        args: [{ entity: { kind: 'contact', id: 'contact-1' }, ...input }],
        signal: intercomNotificationSignal,
        signalArgs: [first],
      },
    );

  const status = async (handle: WorkflowHandle) => (await handle.describe()).typedSearchAttributes.get(SYNC_STATUS);

  it('coalesces a burst of updates arriving during a write into one more write of the latest state', async () => {
    const writes: Array<{ names: string[]; notificationIds: string[]; state: CompanySyncState }> = [];
    const firstWriteStarted = gate();
    const releaseFirstWrite = gate();
    const syncHullAccountToIntercom = async (input: { update: PendingAccountUpdate; state: CompanySyncState }) => {
      writes.push({
        names: [String(input.update.message.account.name)],
        notificationIds: input.update.notificationIds,
        state: input.state,
      });
      if (writes.length === 1) {
        firstWriteStarted.open();
        await releaseFirstWrite.opened;
      }
      const result: CompanySyncResult = {
        outcome: 'upserted',
        state: {
          intercomId: 'company-1',
          fingerprint: { name: `hash-of-${String(input.update.message.account.name)}` },
        },
        requests: 1,
        notes: [],
      };
      return result;
    };
    const result = await withWorkers({ syncHullAccountToIntercom }, async (taskQueue) => {
      const input: HullAccountSyncInput = { hullAccountId: 'account-1', limits: { idle: '1 second' } };
      const handle = await client.workflow.signalWithStart<typeof hullAccountSyncWorkflow, [PendingAccountUpdate]>(
        WORKFLOW_TYPES.hullAccountSync,
        {
          taskQueue,
          workflowId: `${taskQueue}/hull-account/account-1`,
          args: [input],
          signal: hullAccountUpdateSignal,
          signalArgs: [accountUpdate('v0', 'n0')],
        },
      );
      await firstWriteStarted.opened;
      for (let i = 1; i < 10; i += 1) await handle.signal(hullAccountUpdateSignal, accountUpdate(`v${i}`, `n${i}`));
      releaseFirstWrite.open();
      return handle.result();
    });

    expect(writes.map((w) => w.names[0])).toEqual(['v0', 'v9']);
    expect(writes[1]!.notificationIds).toEqual(['n1', 'n2', 'n3', 'n4', 'n5', 'n6', 'n7', 'n8', 'n9']);
    // Each write starts from the state the previous one returned; the workflow ends with the last.
    expect(writes[1]!.state).toEqual({ intercomId: 'company-1', fingerprint: { name: 'hash-of-v0' } });
    expect(result).toEqual({ intercomId: 'company-1', fingerprint: { name: 'hash-of-v9' } });
  });

  it('keeps a failure open until retryFailures re-drives it, then finishes when idle', async () => {
    const applied: string[] = [];
    let refuse = true;
    const applyIntercomNotification = (n: EntityNotification) => {
      applied.push(n.id);
      if (refuse) {
        // As the activities' error mapping raises it: Intercom's request details ride along.
        throw ApplicationFailure.create({
          message: 'Intercom said no',
          type: 'IntercomRequestError',
          nonRetryable: true,
          details: [{ status: 404, code: 'not_found', message: 'User Not Found', method: 'GET', path: '/contacts/1' }],
        });
      }
      return Promise.resolve({ applied: 'contact written', updatedAt: 100 });
    };
    await withWorkers({ applyIntercomNotification }, async (taskQueue) => {
      const handle = await startEntity(taskQueue, { limits: { idle: '1 second' } }, notification('n1'));
      const [kept] = await waitFor('the failure to be kept', async () => {
        const failures = await handle.query(failuresQuery);
        return failures.length > 0 && failures;
      });
      expect(kept).toEqual({
        key: 'n1',
        what: 'contact.user.updated n1',
        reason: 'Intercom said no',
        errorType: 'IntercomRequestError',
        status: 404,
        code: 'not_found',
        at: expect.any(String),
      });
      // The variant GET /failures?include=payload reads: the same, with the work kept for a re-drive.
      expect(await handle.query(failuresWithWorkQuery)).toEqual([
        { ...kept, work: expect.objectContaining({ id: 'n1', topic: 'contact.user.updated' }) },
      ]);
      await eventually(async () => expect(await status(handle)).toBe('failed'));
      // With a failure kept the loop waits without an idle timer: it cannot finish on its own.
      const events = (await handle.fetchHistory()).events ?? [];
      const failedAt = events.findIndex((e) => e.activityTaskFailedEventAttributes);
      expect(failedAt).toBeGreaterThan(0);
      expect(events.slice(failedAt).filter((e) => e.timerStartedEventAttributes)).toEqual([]);

      refuse = false;
      await handle.signal(retryFailuresSignal);
      expect(await handle.result()).toEqual({ applied: 2 });
      expect(await handle.query(failuresQuery)).toEqual([]);
      expect(await status(handle)).toBe('ok');
    });
    expect(applied).toEqual(['n1', 'n1']);
  });

  it('continues as new carrying the pending work, the kept failure, the dedupe memory and the state', async () => {
    const calls: Array<{ id: string; notOlderThan?: number }> = [];
    const thirdStarted = gate();
    const releaseThird = gate();
    let refuseN2 = true;
    const applyIntercomNotification = async (n: EntityNotification, options: { notOlderThan?: number }) => {
      calls.push({ id: n.id, notOlderThan: options.notOlderThan });
      if (n.id === 'n2' && refuseN2) throw ApplicationFailure.nonRetryable('not now', 'IntercomRequestError');
      if (n.id === 'n3') {
        thirdStarted.open();
        await releaseThird.opened;
      }
      return { applied: 'contact written', updatedAt: Number(n.id.slice(1)) * 100 };
    };
    await withWorkers({ applyIntercomNotification }, async (taskQueue) => {
      const handle = await startEntity(taskQueue, { limits: { stepsPerRun: 3, idle: '1 hour' } }, notification('n1'));
      const firstRunId = handle.signaledRunId;
      await handle.signal(intercomNotificationSignal, notification('n2'));
      await handle.signal(intercomNotificationSignal, notification('n3'));
      await thirdStarted.opened;
      // Arriving during the run's last step: n4 is pending at continue-as-new, n1 is a redelivery.
      await handle.signal(intercomNotificationSignal, notification('n4'));
      await handle.signal(intercomNotificationSignal, notification('n1'));
      releaseThird.open();

      await waitFor('n4 to be applied in the next run', () => calls.some((c) => c.id === 'n4'));
      const next = await handle.describe();
      expect(next.runId).not.toBe(firstRunId);
      const firstRun = await client.workflow.getHandle(handle.workflowId, firstRunId).fetchHistory();
      expect(firstRun.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
      // The kept failure came along, and still keeps the entity open.
      expect((await handle.query(failuresQuery)).map((f) => f.key)).toEqual(['n2']);

      // The dedupe memory came along: a redelivery of n3 is dropped; n5 shows the signal was handled.
      await handle.signal(intercomNotificationSignal, notification('n3'));
      await handle.signal(intercomNotificationSignal, notification('n5'));
      await waitFor('n5 to be applied', () => calls.some((c) => c.id === 'n5'));

      refuseN2 = false;
      await handle.signal(retryFailuresSignal);
      await eventually(async () => expect(await handle.query(failuresQuery)).toEqual([]));
      await handle.terminate('test done');
    });
    expect(calls).toEqual([
      { id: 'n1', notOlderThan: undefined },
      { id: 'n2', notOlderThan: 100 },
      { id: 'n3', notOlderThan: 100 },
      // The next run: the state (newest snapshot written) carried, the redeliveries of n1 and n3 dropped.
      { id: 'n4', notOlderThan: 300 },
      { id: 'n5', notOlderThan: 400 },
      { id: 'n2', notOlderThan: 500 },
    ]);
  });

  it('carries an outgoing entity’s state across continue-as-new', async () => {
    const states: CompanySyncState[] = [];
    const syncHullAccountToIntercom = (input: { update: PendingAccountUpdate; state: CompanySyncState }) => {
      states.push(input.state);
      const result: CompanySyncResult = {
        outcome: 'upserted',
        state: { intercomId: 'company-1', fingerprint: { name: String(input.update.message.account.name) } },
        requests: 1,
        notes: [],
      };
      return Promise.resolve(result);
    };
    await withWorkers({ syncHullAccountToIntercom }, async (taskQueue) => {
      const workflowId = `${taskQueue}/hull-account/account-1`;
      const start = (name: string, id: string) =>
        client.workflow.signalWithStart<typeof hullAccountSyncWorkflow, [PendingAccountUpdate]>(
          WORKFLOW_TYPES.hullAccountSync,
          {
            taskQueue,
            workflowId,
            args: [{ hullAccountId: 'account-1', limits: { stepsPerRun: 1, idle: '1 hour' } }],
            signal: hullAccountUpdateSignal,
            signalArgs: [accountUpdate(name, id)],
          },
        );
      const handle = await start('first', 'n1');
      await waitFor(
        'the first run to continue as new',
        async () => (await handle.describe()).runId !== handle.signaledRunId,
      );
      await start('second', 'n2');
      await waitFor('the second write', () => states.length === 2);
      await client.workflow.getHandle(workflowId).terminate('test done');
    });
    expect(states).toEqual([{}, { intercomId: 'company-1', fingerprint: { name: 'first' } }]);
  });
});
