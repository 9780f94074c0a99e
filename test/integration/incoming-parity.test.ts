/**
 * Incoming records shaped as Hull's own connector wrote them (issue 9, points 3 and 4), through the
 * real stack: social profiles also become `intercom_<role>/<network>_url` traits on every incoming path
 * (webhooks, fetch all, incremental fetch), and Intercom's list objects (a company's `segment.list`
 * and `tag.list`) land in Hull as lists of names, never as the wrapper's JSON text.
 */
import { randomUUID } from 'node:crypto';
import { webhookPayloads } from '@hull-intercom-sync/intercom-simulator';
import { defaultIncomingAccountAttributes } from '../../src/sync/default-mappings';
import { incrementalFetchWorkflow } from '../../src/workflows';
import { completedRun } from '../helpers/engine-harness';
import { eventually } from '../helpers/eventually';
import {
  emit,
  eventuallyUser,
  expectCleanTraffic,
  leadAnonymousId,
  startWebhookHarness,
  userAnonymousId,
  type WebhookHarness,
} from '../helpers/webhook-harness';

const profiles = (handle: string, ...networks: Array<'Twitter' | 'Facebook'>) => ({
  social_profiles: networks.map((name) => ({
    type: 'social_profile' as const,
    name,
    url: `https://${name.toLowerCase()}.com/${handle}`,
  })),
});

/** A list object written as text: what Hull must never receive. */
const LIST_AS_TEXT = /"type":"[a-z_]*\.?list"/;

describe('incoming records shaped as Hull’s connector wrote them', () => {
  let harness: WebhookHarness;

  beforeAll(async () => {
    harness = await startWebhookHarness('incoming-parity', {
      // The incremental run below needs its switch on; the webhook harness turns every fetch off.
      fetch_users: true,
      users_last_fetch_timestamp: Math.floor(Date.now() / 1000) - 3600,
      incoming_account_attributes: [
        ...defaultIncomingAccountAttributes(),
        { service: 'segments', hull: 'intercom/segments', overwrite: true },
      ],
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('writes one URL trait per social network on webhooks, fetch all and incremental fetch', async () => {
    const { intercom, hull } = harness;
    const byWebhook = intercom.createContact(
      { role: 'user', email: 'hooked@example.org', external_id: 'hooked' },
      { overrides: profiles('hooked', 'Twitter', 'Facebook') },
    );
    await emit(harness, 'contact.user.created', byWebhook);
    const hooked = await eventuallyUser(hull, userAnonymousId(String(byWebhook.id)));
    expect(hooked.traits).toMatchObject({
      'intercom_user/twitter_url': 'https://twitter.com/hooked',
      'intercom_user/facebook_url': 'https://facebook.com/hooked',
      'intercom_user/social_profiles': ['https://twitter.com/hooked', 'https://facebook.com/hooked'],
    });

    const lead = intercom.createContact(
      { role: 'lead', email: 'fetched@example.org' },
      { overrides: profiles('fetched', 'Facebook') },
    );
    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/leads`, { method: 'POST' });
    expect(started.status).toBe(202);
    await completedRun(harness, ((await started.json()) as { status: string }).status, 60_000);
    const fetched = await eventuallyUser(hull, leadAnonymousId(String(lead.id)));
    expect(fetched.traits).toMatchObject({ 'intercom_lead/facebook_url': 'https://facebook.com/fetched' });
    expect(fetched.traits).not.toHaveProperty('intercom_lead/twitter_url');

    const recent = intercom.createContact(
      { role: 'user', email: 'recent@example.org', external_id: 'recent' },
      { overrides: profiles('recent', 'Twitter') },
    );
    await harness.engine.temporalClient.workflow.execute(incrementalFetchWorkflow, {
      taskQueue: harness.taskQueue,
      workflowId: `incoming-parity-incremental-${randomUUID()}`,
      args: [{ entity: 'users' }],
    });
    const incremental = await eventuallyUser(hull, userAnonymousId(String(recent.id)));
    expect(incremental.traits).toMatchObject({ 'intercom_user/twitter_url': 'https://twitter.com/recent' });
    expectCleanTraffic(harness);
  });

  it("writes a company's segments and tags as lists of names, from its webhook and from fetch all", async () => {
    const { intercom, hull } = harness;
    const acme = intercom.createCompany({ company_id: 'acme', name: 'Acme' });
    const globex = intercom.createCompany({ company_id: 'globex', name: 'Globex' });
    const [acmeId, globexId] = [String(acme.id), String(globex.id)];
    const staff = [acmeId, globexId].map((companyId, index) => {
      const member = intercom.createContact({ role: 'user', email: `staff-${index}@example.org` });
      intercom.attachContactToCompany(String(member.id), companyId);
      return String(member.id);
    });
    intercom.createCompanySegment('Paying', [acmeId, globexId]);
    intercom.createCompanySegment('Enterprise', [acmeId]);
    intercom.store.tagCompany(acmeId, String(intercom.tagContact(staff[0]!, 'VIP').id));

    await emit(
      harness,
      'company.created',
      webhookPayloads.companyItem(intercom.store, intercom.store.companies.get(acmeId)!),
    );
    const webhookAccount = await eventually(() => {
      const account = hull.findAccount({ anonymous_id: `intercom:${acmeId}` });
      expect(account?.traits['intercom/segments']).toBeDefined();
      return account!;
    });
    expect(webhookAccount.traits).toMatchObject({
      'intercom/segments': ['Paying', 'Enterprise'],
      'intercom/tags': ['VIP'],
    });

    const started = await fetch(`${harness.apiUrl}/actions/fetch-all/companies`, { method: 'POST' });
    expect(started.status).toBe(202);
    await completedRun(harness, ((await started.json()) as { status: string }).status, 60_000);
    const fetched = await eventually(() => {
      const account = hull.findAccount({ anonymous_id: `intercom:${globexId}` });
      expect(account).toBeDefined();
      return account!;
    });
    expect(fetched.traits).toMatchObject({ 'intercom/segments': ['Paying'], 'intercom/tags': [] });

    // Nothing any incoming path wrote in this file is a list object's JSON text.
    const written = [...hull.users(), ...hull.accounts()].flatMap((entity) => Object.entries(entity.traits));
    expect(written.filter(([, value]) => typeof value === 'string' && LIST_AS_TEXT.test(value))).toEqual([]);
    expectCleanTraffic(harness);
  });
});
