/**
 * Incremental fetch: exactly what changed since the high-water mark reaches Hull, including a change
 * made seconds before midnight (Intercom's search compares dates by day), the mark moves only after a
 * successful run, and contacts that were not yet searchable are picked up by the next run.
 */
import { WorkflowFailedError } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { workflowIds } from '../../src/shared/workflow-ids';
import { incrementalFetchWorkflow } from '../../src/workflows';
import type { FetchEntity } from '../../src/shared/fetch';
import { expectConformingTraffic, startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';

const at = (iso: string) => Date.parse(iso) / 1000;
const WATERMARK = at('2026-05-04T23:50:00Z');

describe('incremental fetch', () => {
  let harness: Harness;
  let clockOffsetMs = 0;

  const run = (entity: FetchEntity) =>
    harness.engine.temporalClient.workflow.execute(incrementalFetchWorkflow, {
      taskQueue: harness.taskQueue,
      workflowId: `incremental-test-${entity}-${randomUUID()}`,
      args: [{ entity }],
    });

  /** Anonymous ids of the Hull users written since `from` (index into the recorded firehose messages). */
  const writtenSince = (from: number) =>
    harness.hull
      .firehoseMessages()
      .slice(from)
      .map(
        (m) =>
          (m.asUser as { anonymous_id?: string } | undefined)?.anonymous_id ??
          (m.asAccount as { anonymous_id?: string } | undefined)?.anonymous_id,
      )
      .filter((id): id is string => id !== undefined)
      .sort();

  beforeAll(async () => {
    harness = await startHarness({
      name: 'incremental',
      settings: {
        fetch_companies: true,
        users_last_fetch_timestamp: WATERMARK,
        leads_last_fetch_timestamp: WATERMARK,
        companies_last_fetch_timestamp: WATERMARK,
      },
      intercom: { searchIndexLagMs: 120_000, now: () => Date.now() + clockOffsetMs },
    });
    harness.intercom.seed({
      users: 400,
      leads: 150,
      companies: 40,
      seed: 3,
      referenceTime: Date.parse('2026-04-01T00:00:00Z'),
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('creates one schedule per entity, at the configured intervals spread apart, never piling runs up', async () => {
    for (const [entity, minutes, offsetShare] of [
      ['users', 5, 0],
      ['leads', 5, 1 / 3],
      ['companies', 30, 2 / 3],
    ] as const) {
      const schedule = await harness.engine.temporalClient.schedule
        .getHandle(workflowIds.incrementalSchedule(harness.hull.connectorId, entity))
        .describe();
      expect(schedule.spec.intervals).toEqual([
        { every: minutes * 60_000, offset: Math.floor(minutes * 60_000 * offsetShare) },
      ]);
      expect(schedule.policies.overlap).toBe('SKIP');
      expect(schedule.state.paused).toBe(false);
      expect(schedule.action).toMatchObject({
        type: 'startWorkflow',
        workflowType: 'incrementalFetchWorkflow',
        args: [{ entity }],
        taskQueue: harness.taskQueue,
      });
    }
  });

  it('pauses a schedule, with the reason, when its fetch is switched off in the settings', async () => {
    const scheduleId = workflowIds.incrementalSchedule(harness.hull.connectorId, 'leads');
    harness.engine.settings.apply({ ...harness.hull.privateSettings, fetch_companies: true, fetch_leads: false });
    const paused = await waitForSchedule(scheduleId, true);
    expect(paused.state.note).toBe('paused by the engine: fetch_leads is off in the connector settings');
    harness.engine.settings.apply({ ...harness.hull.privateSettings, fetch_companies: true, fetch_leads: true });
    await waitForSchedule(scheduleId, false);
  });

  const waitForSchedule = (scheduleId: string, paused: boolean) =>
    waitFor(
      `schedule ${scheduleId} to become ${paused ? 'paused' : 'unpaused'}`,
      async () => {
        const description = await harness.engine.temporalClient.schedule.getHandle(scheduleId).describe();
        return description.state.paused === paused ? description : undefined;
      },
      10_000,
    );

  it('leaves the mark where it was when a run fails, then picks up exactly the changed records', async () => {
    const users = [...harness.intercom.store.contacts.values()].filter((c) => c.role === 'user');
    const [beforeMidnight, nextMorning, beforeMark] = [users[0]!, users[1]!, users[2]!];
    harness.intercom.updateContact(
      beforeMidnight.id,
      { name: 'Changed Before Midnight' },
      { at: at('2026-05-04T23:59:50Z') },
    );
    harness.intercom.updateContact(
      nextMorning.id,
      { name: 'Changed Next Morning' },
      { at: at('2026-05-05T08:00:00Z') },
    );
    harness.intercom.updateContact(
      beforeMark.id,
      { name: 'Changed Before The Mark' },
      { at: at('2026-05-04T23:40:00Z') },
    );

    // Hull refuses every write: the run fails, and the mark must not move.
    harness.hull.setFailures({ target: 'firehose', status: 400 });
    await expect(run('users')).rejects.toBeInstanceOf(WorkflowFailedError);
    expect(harness.hull.privateSettings.users_last_fetch_timestamp).toBe(WATERMARK);

    harness.hull.setFailures(undefined);
    const from = harness.hull.firehoseMessages().length;
    const startedAt = Date.now() / 1000;
    const progress = await run('users');
    expect(writtenSince(from)).toEqual(
      [`intercom-user:user-${beforeMidnight.id}`, `intercom-user:user-${nextMorning.id}`].sort(),
    );
    expect(progress).toMatchObject({ done: true, written: 2 });
    // The total covers every pass (updated_at, then last_seen_at), so it never falls below what was read.
    expect(progress.total).toBeGreaterThanOrEqual(progress.fetched);
    expect(
      harness.hull.findUser({ anonymous_id: `intercom-user:user-${beforeMidnight.id}` })!.traits['intercom_user/name'],
    ).toBe('Changed Before Midnight');
    const mark = harness.hull.privateSettings.users_last_fetch_timestamp as number;
    expect(mark).toBeGreaterThanOrEqual(Math.floor(startedAt) - 15 * 60);
    expect(mark).toBeLessThanOrEqual(Date.now() / 1000 - 15 * 60 + 1);
    expectConformingTraffic(harness.intercom);
  });

  it('fetches changed leads and companies the same way', async () => {
    const lead = [...harness.intercom.store.contacts.values()].find((c) => c.role === 'lead')!;
    harness.intercom.updateContact(lead.id, { name: 'Lead Changed' }, { at: at('2026-05-05T09:00:00Z') });
    const [changed, unchanged] = harness.intercom.listedCompanies();
    harness.intercom.updateCompany(changed!.id, { industry: 'Aerospace' }, { at: at('2026-05-05T10:00:00Z') });
    harness.intercom.updateCompany(unchanged!.id, { industry: 'Mining' }, { at: at('2026-05-04T20:00:00Z') });

    let from = harness.hull.firehoseMessages().length;
    await run('leads');
    expect(writtenSince(from)).toEqual([`intercom-lead:lead-${lead.id}`]);
    from = harness.hull.firehoseMessages().length;
    const companies = await run('companies');
    expect(writtenSince(from)).toEqual([`intercom:${changed!.id}`]);
    // Companies have no updated-since filter: the run reads them all and writes only the changed one.
    expect(companies).toMatchObject({ written: 1, fetched: companies.skipped + 1 });
  });

  it('picks up a contact that was not yet searchable on the next run', async () => {
    const created = harness.intercom.createContact({
      role: 'user',
      email: 'late.indexed@example.com',
      name: 'Late Indexed',
    });
    const id = String(created.id);
    await run('users');
    expect(harness.hull.findUser({ anonymous_id: `intercom-user:user-${id}` })).toBeUndefined();
    clockOffsetMs += 121_000; // Intercom has indexed it now
    await run('users');
    expect(harness.hull.findUser({ anonymous_id: `intercom-user:user-${id}` })?.traits['intercom_user/name']).toBe(
      'Late Indexed',
    );
  });
});
