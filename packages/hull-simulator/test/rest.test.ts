/** REST API: credentials, connector document and settings, segments, flat lookups, search. */
import { HullSimulator, type HullSegmentDefinition } from '../src';
import {
  CUSTOMERS,
  accessToken,
  anyString,
  like,
  restClient,
  type ConnectorDocument,
  type ErrorBody,
  type SearchPage,
} from './support';

const BIG_ACCOUNTS: HullSegmentDefinition = {
  id: '65a000000000000000000002',
  name: 'Big accounts',
  type: 'accounts_segment',
  match: (account) => typeof account.employees === 'number' && account.employees > 100,
};

describe('Hull simulator REST API', () => {
  let sim: HullSimulator;

  beforeEach(async () => {
    sim = new HullSimulator({
      segments: [CUSTOMERS, BIG_ACCOUNTS],
      privateSettings: { synchronized_user_segments: [CUSTOMERS.id], access_token: 'intercom-token' },
    });
    await sim.start();
  });

  afterEach(() => sim.stop());

  describe('credentials', () => {
    it.each([
      ['no credentials', {}],
      ['a wrong secret', { 'Hull-App-Id': '5a4db0c0ffee5a4db0c0ffee', 'Hull-Access-Token': 'wrong' }],
      ['a wrong app id', { 'Hull-App-Id': '000000000000000000000000', 'Hull-Access-Token': 'sandbox-hull-secret' }],
    ])('answers 401 to %s', async (_case, headers) => {
      const response = await restClient(sim, headers).get<ErrorBody>('app');

      expect(response.status).toBe(401);
      expect(response.data.message).toEqual(expect.any(String));
    });

    it('accepts a scoped client token signed with the connector secret, and query-string credentials', async () => {
      const token = accessToken(sim, { subjectType: 'user', asUser: { email: 'ada@example.org' } });
      const scoped = await restClient(sim, { 'Hull-App-Id': sim.connectorId, 'Hull-Access-Token': token }).get('app');
      const query = await restClient(sim, {}).get(`app?app_id=${sim.connectorId}&access_token=${sim.connectorSecret}`);

      expect(scoped.status).toBe(200);
      expect(query.status).toBe(200);
    });
  });

  it('serves the connector document at app and at its id', async () => {
    const api = restClient(sim);
    const app = await api.get<ConnectorDocument>('app');
    const byId = await api.get<ConnectorDocument>(sim.connectorId);

    expect(app.status).toBe(200);
    expect(app.data).toMatchObject({
      id: sim.connectorId,
      name: anyString(),
      private_settings: { synchronized_user_segments: [CUSTOMERS.id], access_token: 'intercom-token' },
      settings: {},
      status: { status: 'ok', messages: [] },
      manifest: like({ subscriptions: expect.any(Array) }),
    });
    expect(byId.data).toEqual(app.data);
  });

  it('replaces private settings on PUT <connectorId> and reports status', async () => {
    const api = restClient(sim);
    const saved = await api.put<ConnectorDocument>(sim.connectorId, {
      private_settings: { synchronized_user_segments: [] },
      refresh_status: false,
    });
    const status = await api.put('app/status', { status: 'warning', messages: ['Intercom token expires soon'] });
    const byIdStatus = await api.put(`${sim.connectorId}/status`, { status: 'ok', messages: [] });
    const reread = await api.get<ConnectorDocument>('app');

    expect(saved.status).toBe(200);
    expect(saved.data.private_settings).toEqual({ synchronized_user_segments: [] });
    expect(status.data).toEqual({ status: 'warning', messages: ['Intercom token expires soon'] });
    expect(byIdStatus.status).toBe(200);
    expect(reread.data.private_settings).toEqual({ synchronized_user_segments: [] });
    expect(reread.data.status).toEqual({ status: 'ok', messages: [] });
    expect(sim.privateSettings).toEqual({ synchronized_user_segments: [] });
  });

  it('answers 404 for unknown ids and 400 for invalid bodies', async () => {
    const api = restClient(sim);

    expect((await api.get('ffffffffffffffffffffffff')).status).toBe(404);
    expect((await api.put('ffffffffffffffffffffffff', { private_settings: {} })).status).toBe(404);
    expect((await api.get('ffffffffffffffffffffffff/segments')).status).toBe(404);
    expect((await api.put(sim.connectorId, { private_settings: 'nope' })).status).toBe(400);
    expect((await api.post<SearchPage>('search/user_reports', { query: { fuzzy: { email: 'x' } } })).status).toBe(400);
  });

  it('lists segments and serves each by id', async () => {
    const api = restClient(sim);
    const users = await api.get(`users_segments?shipId=${sim.connectorId}`);
    const accounts = await api.get(`accounts_segments?shipId=${sim.connectorId}`);
    const one = await api.get(CUSTOMERS.id);

    expect(users.data).toEqual([
      expect.objectContaining({ id: CUSTOMERS.id, name: 'Customers', type: 'users_segment' }),
    ]);
    expect(accounts.data).toEqual([expect.objectContaining({ id: BIG_ACCOUNTS.id, type: 'accounts_segment' })]);
    expect(one.data).toMatchObject({ id: CUSTOMERS.id, query: CUSTOMERS.query, created_at: anyString() });
  });

  describe('lookups and search', () => {
    let adaId: string;
    let accountId: string;

    beforeEach(() => {
      const account = sim.upsertAccount(
        { domain: 'example.org', external_id: 'acme' },
        { employees: 500, name: 'Example' },
      );
      const ada = sim.upsertUser(
        { email: 'ada@example.org', external_id: 'u-1', anonymous_id: 'intercom:1' },
        {
          name: 'Ada',
          'crm/stage': 'customer',
        },
      );
      sim.linkUserToAccount(ada.id, account.id);
      for (let index = 0; index < 5; index += 1)
        sim.upsertUser({ email: `user${index}@other.org` }, { 'crm/stage': 'lead' });
      adaId = ada.id;
      accountId = account.id;
    });

    it('serves users and accounts by id in the flat naming, with segments', async () => {
      const api = restClient(sim);
      const user = await api.get(adaId);
      const account = await api.get(accountId);
      const accountSegments = await api.get(`${accountId}/segments`);

      expect(user.data).toMatchObject({
        id: adaId,
        email: 'ada@example.org',
        name: 'Ada',
        'traits_crm/stage': 'customer',
        segment_ids: [CUSTOMERS.id],
        account: { id: accountId, domain: 'example.org', employees: 500, name: 'Example' },
      });
      expect(account.data).toMatchObject({ id: accountId, employees: 500, segment_ids: [BIG_ACCOUNTS.id] });
      expect(accountSegments.data).toEqual([expect.objectContaining({ id: BIG_ACCOUNTS.id })]);
    });

    it.each([
      ['term on email', { term: { 'email.exact': 'ADA@example.org' } }],
      ['term on external_id', { term: { 'external_id.raw': 'u-1' } }],
      ['terms on anonymous_ids', { terms: { 'anonymous_ids.raw': ['intercom:1', 'intercom:2'] } }],
      ['match on email', { match: { email: 'Ada@Example.org' } }],
      ['term on id', { term: { id: 'ID' } }],
      ['a traits_ attribute', { term: { 'traits_crm/stage.raw': 'customer' } }],
      ['the embedded account domain', { term: { 'account.domain': 'example.org' } }],
      [
        'bool.filter',
        { bool: { filter: [{ term: { email: 'ada@example.org' } }, { terms: { external_id: ['u-1'] } }] } },
      ],
      [
        'bool.should',
        { bool: { should: [{ term: { email: 'nobody@example.org' } }, { term: { external_id: 'u-1' } }] } },
      ],
    ])('finds a user by %s', async (_case, query) => {
      const body = {
        query: JSON.parse(JSON.stringify(query).replace('"ID"', JSON.stringify(adaId))) as unknown,
        raw: true,
        page: 1,
        per_page: 10,
      };
      const response = await restClient(sim).post<SearchPage>('search/user_reports', body);

      expect(response.status).toBe(200);
      expect(response.data.data.map((hit) => hit.id)).toEqual([adaId]);
      expect(response.data.data[0]).toMatchObject({ segment_ids: [CUSTOMERS.id], account: { id: accountId } });
      expect(response.data.pagination).toEqual({ page: 1, per_page: 10, pages: 1, total: 1 });
    });

    it('pages results 1-based and counts with per_page 0', async () => {
      const api = restClient(sim);
      const query = { term: { 'traits_crm/stage': 'lead' } };
      const page1 = await api.post<SearchPage>('search/user_reports', {
        query,
        page: 1,
        per_page: 2,
        sort: { email: 'asc' },
      });
      const page3 = await api.post<SearchPage>('search/user_reports', {
        query,
        page: 3,
        per_page: 2,
        sort: { email: 'asc' },
      });
      const count = await api.post<SearchPage>('search/user_reports', { query, per_page: 0 });

      expect(page1.data.data.map((hit) => hit.email)).toEqual(['user0@other.org', 'user1@other.org']);
      expect(page3.data.data.map((hit) => hit.email)).toEqual(['user4@other.org']);
      expect(page3.data.pagination).toEqual({ page: 3, per_page: 2, pages: 3, total: 5 });
      expect(count.data).toEqual({ data: [], pagination: { page: 1, per_page: 0, pages: 0, total: 5 } });
    });

    it('searches accounts by domain and external id', async () => {
      const response = await restClient(sim).post<SearchPage>('search/account_reports', {
        query: { bool: { should: [{ term: { 'domain.exact': 'example.org' } }, { term: { external_id: 'nope' } }] } },
      });

      expect(response.data.data).toEqual([expect.objectContaining({ id: accountId, external_id: 'acme' })]);
    });

    it("searches one user's events, newest first", async () => {
      sim.trackEvent(adaId, {
        event: 'Signed Up',
        event_id: 'e1',
        created_at: '2024-01-01T00:00:00Z',
        properties: { plan: 'pro' },
      });
      sim.trackEvent(adaId, {
        event: 'Invoice Paid',
        event_id: 'e2',
        created_at: '2024-02-01T00:00:00Z',
        properties: { amount: 3 },
      });
      const other = sim.findUser({ email: 'user0@other.org' });
      sim.trackEvent(other!.id, { event: 'Signed Up', event_id: 'e3' });

      const response = await restClient(sim).post<SearchPage>('search/events', {
        query: { bool: { filter: [{ has_parent: { parent_type: 'user_report', query: { term: { id: adaId } } } }] } },
      });
      const filtered = await restClient(sim).post<SearchPage>('search/events', {
        query: {
          bool: {
            filter: [
              { has_parent: { parent_type: 'user_report', query: { term: { id: adaId } } } },
              { terms: { event: ['Signed Up'] } },
            ],
          },
        },
      });

      expect(response.data.data.map((hit) => hit._id)).toEqual(['e2', 'e1']);
      expect(response.data.data[0]?.props).toEqual([{ field_name: 'amount', num_value: 3 }]);
      expect(filtered.data.data.map((hit) => hit._id)).toEqual(['e1']);
    });

    it('describes the attributes in the bootstrap catalogue', async () => {
      const response = await restClient(sim).get<{ tree: unknown[] }>('search/user_reports/bootstrap');

      expect(response.data.tree).toEqual(
        expect.arrayContaining([
          { text: 'crm', children: [{ id: 'traits_crm/stage', text: 'stage', type: 'string' }] },
        ]),
      );
    });
  });
});
