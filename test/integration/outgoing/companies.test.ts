/**
 * Hull accounts → Intercom companies (upsert by company_id, mapped fields, company data attributes,
 * segment tags), and contacts attached to their account's company with link_users_in_service.
 */
import type { HullAccount } from '@hull-intercom-sync/hull-simulator';
import { workflowIds } from '../../../src/shared/workflow-ids';
import { expectConformingTraffic, startHarness, type Harness } from '../../helpers/engine-harness';
import { postNotification, userMessage, writtenFor } from '../../helpers/hull-notifications';

const ENTERPRISE = { id: 'ac0ffee00000000000000001', name: 'Enterprise' };
const STRATEGIC = { id: 'ac0ffee00000000000000002', name: 'Strategic' };
const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

function accountMessage(
  account: HullAccount,
  traits: Record<string, unknown>,
  segments: Array<{ id: string; name: string }>,
  left: Array<{ id: string; name: string }> = [],
) {
  return {
    account: { id: account.id, domain: account.domain, external_id: account.external_id, ...traits },
    account_segments: segments,
    account_segment_ids: segments.map((s) => s.id),
    changes: { is_new: false, account: {}, account_segments: { entered: segments, left } },
  };
}

describe('outgoing companies', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'outgoing-companies',
      settings: {
        synchronized_account_segments: [ENTERPRISE.id, STRATEGIC.id],
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_account_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'industry', service: 'industry' },
          { hull: 'employees', service: 'size' },
          { hull: 'arr', service: 'custom_attributes.arr' },
        ],
        outgoing_user_attributes: [{ hull: 'name', service: 'name' }],
        link_users_in_service: true,
        fetch_users: false,
        fetch_leads: false,
      },
    });
    harness.hull.upsertSegment({ ...ENTERPRISE, type: 'accounts_segment' });
    harness.hull.upsertSegment({ ...STRATEGIC, type: 'accounts_segment' });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  afterEach(() => expectConformingTraffic(harness.intercom));

  const company = (companyId: string) =>
    [...harness.intercom.store.companies.values()].find((c) => c.company_id === companyId);
  const companyTags = (id: string) =>
    [...(harness.intercom.store.companyTags.get(id) ?? [])]
      .map((tagId) => harness.intercom.store.tags.get(tagId)!.name)
      .sort();

  async function sendAccount(
    account: HullAccount,
    traits: Record<string, unknown>,
    segments: Array<{ id: string; name: string }>,
    left: Array<{ id: string; name: string }> = [],
  ) {
    const posted = await postNotification(harness, 'account:update', [accountMessage(account, traits, segments, left)]);
    expect(posted).toMatchObject({ status: 200, body: { accepted: 1 } });
    return writtenFor(harness, workflowIds.hullAccount(harness.hull.connectorId, account.id), posted.notificationId);
  }

  it('upserts a company by company_id with mapped standard and custom fields, and tags it with its segments', async () => {
    const account = harness.hull.upsertAccount({ external_id: 'acme-1', domain: 'acme.example' }, { name: 'Acme' });
    const write = await sendAccount(account, { name: 'Acme', industry: 'Robotics', employees: 250, arr: 125000.5 }, [
      ENTERPRISE,
      STRATEGIC,
    ]);
    expect(write.outcome).toBe('upserted');
    const created = company('acme-1');
    expect(created).toMatchObject({ name: 'Acme', industry: 'Robotics', size: 250, website: 'acme.example' });
    expect(created!.custom_attributes).toEqual({ arr: 125000.5 });
    const arr = [...harness.intercom.store.dataAttributes.values()].find((a) => a.name === 'arr');
    expect(arr).toMatchObject({ model: 'company', data_type: 'float' });
    expect(companyTags(created!.id)).toEqual(['Enterprise', 'Strategic']);
    expect(harness.hull.findAccount({ id: account.id })?.traits['intercom/id']).toBe(created!.id);

    // Leaving a segment removes its tag; an unchanged account costs nothing more.
    const mark = harness.intercom.requestLog.length;
    await sendAccount(
      account,
      { name: 'Acme', industry: 'Robotics', employees: 250, arr: 125000.5, 'intercom/id': created!.id },
      [ENTERPRISE],
      [STRATEGIC],
    );
    expect(companyTags(created!.id)).toEqual(['Enterprise']);
    expect(harness.intercom.requestLog.slice(mark).map((r) => `${r.method} ${r.route}`)).toEqual([
      'POST /companies',
      'POST /tags',
    ]);
  });

  it('skips an account without an external_id, saying which setting needs it', async () => {
    const account = harness.hull.upsertAccount({ domain: 'no-id.example' }, { name: 'No Id' });
    const write = await sendAccount(account, { name: 'No Id' }, [ENTERPRISE]);
    expect(write.outcome).toBe('skipped');
    expect(write.reason).toMatch(/external_id/);
  });

  it("attaches a user's contact to its account's company (link_users_in_service)", async () => {
    const account = harness.hull.upsertAccount(
      { external_id: 'globex-1', domain: 'globex.example' },
      { name: 'Globex' },
    );
    const user = harness.hull.upsertUser({ email: 'hank@globex.example' }, { name: 'Hank' });
    const posted = await postNotification(harness, 'user:update', [
      userMessage({
        id: user.id,
        email: 'hank@globex.example',
        traits: { name: 'Hank' },
        segments: [CUSTOMERS],
        account: { id: account.id, external_id: 'globex-1', domain: 'globex.example', name: 'Globex' },
      }),
    ]);
    await writtenFor(harness, workflowIds.hullUser(harness.hull.connectorId, user.id), posted.notificationId);
    const contact = [...harness.intercom.store.contacts.values()].find((c) => c.email === 'hank@globex.example')!;
    const globex = company('globex-1');
    expect(globex).toMatchObject({ name: 'Globex' });
    expect([...(harness.intercom.store.contactCompanies.get(contact.id) ?? [])]).toEqual([globex!.id]);
  });
});
