/**
 * The Hull → Intercom path with `outgoing_dry_run` on: every write is planned (with reads only) and
 * recorded on the entity's workflow (memo `lastWrite`, its page in the Temporal UI), and nothing is
 * sent to Intercom: no contact, company, tag or data attribute appears.
 */
import { workflowIds } from '../../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { postNotification, userMessage, writtenFor } from '../../helpers/hull-notifications';

const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };
const ENTERPRISE = { id: 'ac0ffee00000000000000001', name: 'Enterprise' };

describe('outgoing dry run (outgoing_dry_run)', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'outgoing-dry-run',
      settings: {
        outgoing_dry_run: true,
        synchronized_user_segments: [CUSTOMERS.id],
        synchronized_account_segments: [ENTERPRISE.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'plan', service: 'custom_attributes.plan' },
        ],
        outgoing_account_attributes: [{ hull: 'name', service: 'name' }],
        fetch_users: false,
        fetch_leads: false,
      },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
    harness.hull.upsertSegment({ ...ENTERPRISE, type: 'accounts_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const writes = (from: number) =>
    harness.intercom.requestLog.slice(from).filter((r) => r.method !== 'GET' && !r.path.endsWith('/search'));

  it('plans a new user and an update of an existing one, sending no write', async () => {
    const existing = harness.intercom.createContact({ role: 'user', email: 'known@example.com', name: 'Old' });
    const before = harness.intercom.requestLog.length;
    for (const [email, name] of [
      ['new@example.com', 'New'],
      ['known@example.com', 'Known'],
    ] as const) {
      const user = harness.hull.upsertUser({ email }, { name });
      const posted = await postNotification(harness, 'user:update', [
        userMessage({ id: user.id, email, traits: { name, plan: 'pro' }, segments: [CUSTOMERS], entered: [CUSTOMERS] }),
      ]);
      const write = await writtenFor(
        harness,
        workflowIds.hullUser(harness.hull.connectorId, user.id),
        posted.notificationId,
      );
      expect(write.outcome).toBe('planned');
      expect(write.reason).toBe(
        email === 'new@example.com'
          ? 'outgoing_dry_run: would create a user with name, custom_attributes.plan, email; tags +Customers'
          : `outgoing_dry_run: would update user ${existing.id as string}: name, custom_attributes.plan, email; tags +Customers`,
      );
    }
    expect(writes(before)).toEqual([]);
    expect(harness.intercom.store.contacts.size).toBe(1);
    expect(harness.intercom.store.contacts.get(existing.id as string)?.name).toBe('Old');
    expect([...harness.intercom.store.dataAttributes.values()].some((a) => a.name === 'plan')).toBe(false);
  });

  it('plans an account upsert, sending no write', async () => {
    const before = harness.intercom.requestLog.length;
    const account = harness.hull.upsertAccount({ external_id: 'dry-co', domain: 'dry.example' }, { name: 'Dry Co' });
    const posted = await postNotification(harness, 'account:update', [
      {
        account: { id: account.id, external_id: 'dry-co', domain: 'dry.example', name: 'Dry Co' },
        account_segments: [ENTERPRISE],
        account_segment_ids: [ENTERPRISE.id],
        changes: { is_new: false, account: {}, account_segments: { entered: [ENTERPRISE], left: [] } },
      },
    ]);
    const write = await writtenFor(
      harness,
      workflowIds.hullAccount(harness.hull.connectorId, account.id),
      posted.notificationId,
    );
    expect(write).toMatchObject({
      outcome: 'planned',
      reason: 'outgoing_dry_run: would upsert company dry-co with name, website; tags +Enterprise',
    });
    expect(writes(before)).toEqual([]);
    expect(harness.intercom.store.companies.size).toBe(0);
  });
});
