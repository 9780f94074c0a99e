/**
 * company.created end to end (issue 3): the company lands on a Hull account in `intercom/` with the
 * anonymous id `intercom:<id>`, external_id from company_id and domain from the website; a company
 * Hull already knows by domain is updated rather than duplicated; tags are kept (Hull's connector
 * dropped them from company webhooks).
 */
import { eventually } from '../../helpers/eventually';
import {
  companyWorkflowId,
  emit,
  emitFromChange,
  entityHistory,
  group,
  isoSeconds,
  startWebhookHarness,
  type WebhookHarness,
  expectCleanTraffic,
} from '../../helpers/webhook-harness';
import { webhookPayloads } from '@hull-intercom-sync/intercom-simulator';

describe('company webhooks', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('webhook-companies');
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const accountOf = (intercomId: string) =>
    eventually(() => {
      const account = harness.hull.findAccount({ anonymous_id: `intercom:${intercomId}` });
      expect(account).toBeDefined();
      return account!;
    });

  it('company.created (emitted by the simulator on creation) creates a Hull account in intercom/', async () => {
    const { intercom, hull } = harness;
    const accountsBefore = hull.accounts().length;
    let company: Record<string, unknown> = {};
    const [delivered] = await emitFromChange(harness, ['company.created'], () => {
      company = intercom.createCompany(
        {
          company_id: 'acme-42',
          name: 'Acme Rockets',
          website: 'https://www.Acme-Rockets.io/pricing',
          plan: 'Enterprise',
          size: 250,
          industry: 'Aerospace',
          monthly_spend: 1200,
          remote_created_at: 1_600_000_000,
        },
        { at: 1_710_000_000 },
      );
    });
    expect(delivered?.notification).toMatchObject({ topic: 'company.created', data: { item: { id: company.id } } });
    const id = String(company.id);

    const account = await accountOf(id);
    expect(account).toMatchObject({ external_id: 'acme-42', domain: 'acme-rockets.io' });
    expect(account.anonymous_ids).toEqual([`intercom:${id}`]);
    expect(account.traits.name).toBe('Acme Rockets');
    expect(group(account.traits, 'intercom')).toMatchObject({
      id,
      company_id: 'acme-42',
      name: 'Acme Rockets',
      website: 'https://www.Acme-Rockets.io/pricing',
      plan: 'Enterprise',
      size: 250,
      industry: 'Aerospace',
      monthly_spend: 1200,
      created_at: isoSeconds(1_710_000_000),
      remote_created_at: isoSeconds(1_600_000_000),
      tags: [],
    });
    expect(hull.accounts()).toHaveLength(accountsBefore + 1);
    // No Hull user was touched, and the company's own workflow applied it.
    expect(hull.users()).toEqual([]);
    expect(await entityHistory(harness, companyWorkflowId(harness, id))).toMatchObject({
      signals: 1,
      applyActivities: 1,
    });
    expectCleanTraffic(harness);
  });

  it('a company Hull already knows by domain gets the Intercom traits and anonymous id, with its tags', async () => {
    const { intercom, hull } = harness;
    const known = hull.upsertAccount({ domain: 'globex.com' }, { 'crm/owner': 'Hank' });
    const accountsBefore = hull.accounts().length;
    const company = intercom.createCompany({ company_id: 'globex-1', name: 'Globex', website: 'globex.com' });
    const id = String(company.id);
    const vip = intercom.tagContact(String(intercom.createContact({ role: 'lead' }).id), 'VIP');
    intercom.store.tagCompany(id, String(vip.id));
    const item = webhookPayloads.companyItem(intercom.store, intercom.store.companies.get(id)!);
    expect(item.tags).toEqual({ type: 'tag.list', tags: [{ type: 'tag', id: vip.id, name: 'VIP' }] });
    await emit(harness, 'company.created', item);

    const account = await accountOf(id);
    expect(account.id).toBe(known.id);
    expect(account).toMatchObject({ external_id: 'globex-1', domain: 'globex.com' });
    expect(account.anonymous_ids).toEqual([`intercom:${id}`]);
    expect(account.traits['crm/owner']).toBe('Hank');
    expect(group(account.traits, 'intercom')).toMatchObject({ id, company_id: 'globex-1', tags: ['VIP'] });
    expect(hull.accounts()).toHaveLength(accountsBefore);
    expectCleanTraffic(harness);
  });
});
