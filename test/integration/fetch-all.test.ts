/**
 * Fetch all users, leads and companies at realistic scale: every Intercom record must land in Hull
 * with the right attribute group, identity claims and anonymous id, through the real API, Temporal
 * server and simulators. Throughput figures are printed for the record (never asserted).
 */
import type { FetchProgress } from '../../src/shared/fetch';
import { completedRun, expectConformingTraffic, startHarness, type Harness } from '../helpers/engine-harness';

async function runToCompletion(harness: Harness, entity: 'users' | 'leads' | 'companies'): Promise<FetchProgress> {
  const started = await fetch(`${harness.apiUrl}/actions/fetch-all/${entity}`, { method: 'POST' });
  expect(started.status).toBe(202);
  const { status } = (await started.json()) as { status: string };
  return completedRun(harness, status, 240_000);
}

describe('fetch all', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({ name: 'fetch-all' });
    const seeded = harness.intercom.seed({ users: 8_000, leads: 2_500, companies: 1_100, seed: 11 });
    expect(seeded.users + seeded.leads).toBeGreaterThanOrEqual(10_000);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('answers 409 with the running workflow while a fetch-all of the same entity runs, and 400 for an unknown entity', async () => {
    harness.intercom.faults.set({ latencyMs: 300, match: { path: /^\/contacts\/search/ } });
    try {
      const first = await fetch(`${harness.apiUrl}/actions/fetch-all/leads`, { method: 'POST' });
      const second = await fetch(`${harness.apiUrl}/actions/fetch-all/leads`, { method: 'POST' });
      expect(first.status).toBe(202);
      expect(second.status).toBe(409);
      const [a, b] = [
        (await first.json()) as { workflowId: string; runId: string },
        (await second.json()) as { workflowId: string; runId: string },
      ];
      expect(second.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(b).toMatchObject({ status: 409, workflowId: a.workflowId, runId: a.runId });
    } finally {
      harness.intercom.faults.clear();
    }
    await completedRun(harness, `/runs/hull-intercom/${harness.hull.connectorId}/fetch-all/leads`, 120_000);
    const unknown = await fetch(`${harness.apiUrl}/actions/fetch-all/visitors`, { method: 'POST' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      status: 400,
      errors: [{ path: 'params.entity', message: 'unknown entity "visitors": expected users, leads or companies' }],
    });
  });

  it('writes every company to a Hull account in the intercom/ group', async () => {
    const startedAt = Date.now();
    const progress = await runToCompletion(harness, 'companies');
    const seconds = (Date.now() - startedAt) / 1000;
    // Intercom only shows companies that have at least one contact.
    const visible = harness.intercom.listedCompanies();
    expect(progress).toMatchObject({ done: true, fetched: visible.length, written: visible.length });
    expect(visible.length).toBeGreaterThanOrEqual(1_000);
    for (const company of visible) {
      const account = harness.hull.findAccount({ anonymous_id: `intercom:${company.id}` });
      expect(account).toBeDefined();
      expect(account!.external_id).toBe(company.company_id);
      expect(account!.traits).toMatchObject({
        'intercom/id': company.id,
        'intercom/company_id': company.company_id,
        'intercom/name': company.name,
      });
      if (company.website) expect(account!.domain).toBe(new URL(company.website).hostname.replace(/^www\./, ''));
    }
    console.log(
      `[figures] fetch-all companies: ${progress.fetched} in ${seconds.toFixed(1)} s (${(progress.fetched / seconds).toFixed(0)}/s), ${progress.requests} requests for ${progress.pages} pages`,
    );
  });

  it('writes every user and lead with the right group, claims and anonymous id', async () => {
    const startedAt = Date.now();
    const users = await runToCompletion(harness, 'users');
    const usersSeconds = (Date.now() - startedAt) / 1000;
    const contacts = [...harness.intercom.store.contacts.values()];
    const seededUsers = contacts.filter((c) => c.role === 'user');
    expect(users).toMatchObject({ done: true, fetched: seededUsers.length, written: seededUsers.length, skipped: 0 });
    expect(users.pages).toBe(Math.ceil(seededUsers.length / 150));

    for (const contact of contacts) {
      const group = contact.role === 'user' ? 'intercom_user' : 'intercom_lead';
      const anonymousId =
        contact.role === 'user' ? `intercom-user:user-${contact.id}` : `intercom-lead:lead-${contact.id}`;
      const profile = harness.hull.findUser({ anonymous_id: anonymousId });
      expect(profile).toBeDefined();
      expect(profile!.traits[`${group}/id`]).toBe(contact.id);
      expect(profile!.traits[`${group}/email`]).toBe(contact.email ?? '');
      if (contact.role === 'user' && contact.external_id) expect(profile!.external_id).toBe(contact.external_id);
      if (contact.role === 'lead') expect(profile!.traits['intercom_lead/is_lead']).toBe(true);
      if (contact.email) expect(profile!.email?.toLowerCase()).toBe(contact.email.toLowerCase());
      expect(profile!.traits[`${group}/updated_at`]).toBe(new Date(contact.updated_at * 1000).toISOString());
    }
    expect(harness.hull.rejectedMessages).toEqual([]);
    expectConformingTraffic(harness.intercom);
    const perPage = (users.requests / users.pages).toFixed(1);
    console.log(
      `[figures] fetch-all users: ${users.fetched} in ${usersSeconds.toFixed(1)} s (${(users.fetched / usersSeconds).toFixed(0)} contacts/s), ${users.requests} Intercom requests for ${users.pages} pages (${perPage}/page, company names already cached)`,
    );
  });
});
