/**
 * A 5,000-message Hull notification: acknowledged once it is in Temporal in a few parts (intake
 * workflows, one start each), not after 5,000 signals; every message then reaches its user's
 * workflow. No timing is asserted: how long the answer took is the bench's and the report's business.
 */
import { randomBytes } from 'node:crypto';
import { startHarness, type Harness } from '../../helpers/engine-harness';
import { eventually } from '../../helpers/eventually';
import { postNotification, userMessage } from '../../helpers/hull-notifications';

const MESSAGES = 5_000;

describe('a large Hull notification', () => {
  let harness: Harness;

  beforeAll(async () => {
    // No synchronized segment: each user's workflow decides to send nothing, so the test measures the hand-over.
    harness = await startHarness({ name: 'large-notification', settings: { fetch_users: false, fetch_leads: false } });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const count = async (query: string) =>
    (await harness.engine.temporalClient.workflow.count(`${query} AND TaskQueue = "${harness.taskQueue}"`)).count;

  it('is answered once it is handed to Temporal in parts, and every message reaches its workflow', async () => {
    const messages = Array.from({ length: MESSAGES }, (_, i) =>
      userMessage({
        id: randomBytes(12).toString('hex'),
        email: `bulk-${i}@example.org`,
        traits: { plan: 'pro', seats: i },
      }),
    );
    const posted = await postNotification(harness, 'user:update', messages);
    expect(posted).toMatchObject({
      status: 200,
      body: { flow_control: { type: 'next' }, accepted: MESSAGES, rejected: [] },
    });

    const parts = await count('WorkflowType = "hullIntakeWorkflow"');
    expect(parts).toBeGreaterThanOrEqual(MESSAGES / 250);
    expect(parts).toBeLessThan(MESSAGES / 10);
    await eventually(
      async () => expect(await count('WorkflowType = "hullUserSyncWorkflow"')).toBe(MESSAGES),
      240_000,
      2_000,
    );
    await eventually(
      async () =>
        expect(await count('WorkflowType = "hullIntakeWorkflow" AND ExecutionStatus = "Completed"')).toBe(parts),
      60_000,
      1_000,
    );
  }, 330_000);
});
