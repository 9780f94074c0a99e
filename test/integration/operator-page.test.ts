/**
 * The operator page in a real headless Chromium, against the real stack (the engine's API and
 * workers on the shared Temporal server, both simulators): the sign-in with the operator token, both
 * connections with the workspace and region the status workflow's check learnt, the rate budget the
 * workers reported, a completed fetch-all with its counts and its Temporal UI link, the writes of the
 * hour, a kept failure with Intercom's reason, and its re-drive button writing the record once the
 * cause is fixed. OPERATOR_PAGE_SCREENSHOT=<path> saves a screenshot of the page (docs/operator-page.png).
 */
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';
import { postNotification, userMessage } from '../helpers/hull-notifications';

const TOKEN = 'operator-page-token';
const TEMPORAL_UI = 'http://127.0.0.1:9/temporal-ui';
const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

interface StatusView {
  connections: { intercom: { state: string }; hull: { state: string } };
  rate: { workers: number };
  writesByHour: Array<{ created: number; failed: number }>;
}

describe('operator page', () => {
  let harness: Harness;
  let browser: Browser;
  let page: Page;
  const bearer = { authorization: `Bearer ${TOKEN}` };
  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const response = await fetch(`${harness.apiUrl}${path}`, { ...init, headers: { ...bearer, ...init.headers } });
    expect({ path, status: response.status < 300 }).toEqual({ path, status: true });
    return (await response.json()) as T;
  };
  const contactsByEmail = (email: string) =>
    [...harness.intercom.store.contacts.values()].filter((contact) => contact.email === email);

  beforeAll(async () => {
    harness = await startHarness({
      name: 'operator-page',
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_user_attributes: [
          { hull: 'name', service: 'name' },
          { hull: 'owner', service: 'owner_id' },
        ],
        fetch_users: false,
        fetch_leads: false,
        fetch_companies: false,
      },
      env: { API_TOKEN: TOKEN, TEMPORAL_UI_URL: TEMPORAL_UI, CONNECTION_CHECK_MINUTES: '5' },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
    harness.intercom.seed({ users: 40, leads: 0, companies: 0, seed: 7 });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  });

  afterAll(async () => {
    await browser?.close();
    await harness?.stop();
  });

  it('shows the connector at a glance, after a sign-in with the operator token', async () => {
    // Work for the page to show: a fetch-all, five users written to Intercom, one refused by Intercom.
    const started = await api<{ workflowId: string }>('/actions/fetch-all/users', { method: 'POST' });
    await waitFor('the fetch-all to complete', async () => {
      const run = await api<{ status: string }>(`/runs/${started.workflowId}`);
      return run.status === 'COMPLETED' || undefined;
    });
    const users = Array.from({ length: 5 }, (_, i) => harness.hull.upsertUser({ email: `page-${i}@example.org` }));
    const refused = harness.hull.upsertUser({ email: 'page-owned@example.org' });
    const messages = [
      ...users.map((user, i) =>
        userMessage({ id: user.id, email: user.email!, traits: { name: `Page ${i}` }, segments: [CUSTOMERS] }),
      ),
      userMessage({
        id: refused.id,
        email: refused.email!,
        traits: { name: 'Owned', owner: '737373' },
        segments: [CUSTOMERS],
      }),
    ];
    expect((await postNotification(harness, 'user:update', messages)).status).toBe(200);
    await waitFor(
      'the writes and the failure to reach the status',
      async () => {
        const [status, failures] = await Promise.all([
          api<StatusView>('/operator/status'),
          api<{ count: number }>('/failures'),
        ]);
        const created = status.writesByHour.reduce((sum, hour) => sum + hour.created, 0);
        return (status.connections.intercom.state === 'ok' && created >= 5 && failures.count === 1) || undefined;
      },
      60_000,
    );

    // The page: first the sign-in (a wrong token is refused with the reason), then the dashboard.
    await page.goto(`${harness.apiUrl}/`);
    await page.locator('#sign-in').waitFor({ state: 'visible' });
    expect(await page.locator('#dashboard').isHidden()).toBe(true);
    await page.fill('#token', 'not-the-token');
    await page.click('#sign-in button[type="submit"]');
    await page.locator('#sign-in-message', { hasText: 'that is not the operator token' }).waitFor();
    await page.fill('#token', TOKEN);
    await page.click('#sign-in button[type="submit"]');
    await page.locator('body[data-loaded="true"]').waitFor();
    const cookies = await page.context().cookies();
    expect(cookies.map(({ name, httpOnly, sameSite }) => ({ name, httpOnly, sameSite }))).toEqual([
      { name: 'hull_intercom_operator', httpOnly: true, sameSite: 'Strict' },
    ]);
    expect(cookies[0]!.value).not.toContain(TOKEN);

    const intercom = page.locator('[data-testid="intercom-connection"]');
    expect(await intercom.locator('[data-field="state"]').textContent()).toBe('ok');
    const intercomDetails = (await intercom.locator('[data-field="details"]').textContent())!;
    expect(intercomDetails).toContain('(sandboxapp)');
    expect(intercomDetails).toContain('region US');
    expect(intercomDetails).toContain(harness.intercom.url);
    const hull = page.locator('[data-testid="hull-connection"]');
    expect(await hull.locator('[data-field="state"]').textContent()).toBe('ok');
    expect(await hull.locator('[data-field="details"]').textContent()).toContain(harness.hull.connectorId);

    expect(await page.locator('#rate-text').textContent()).toMatch(
      /^\d+(\.\d)?% in use: \d+ of \d+ requests per minute \(\d+ workers? reporting\)$/,
    );

    const fetchRun = page.locator('[data-testid="run"][data-kind="fetch-all"]');
    expect(await fetchRun.count()).toBe(1);
    const fetchText = (await fetchRun.textContent())!;
    expect(fetchText).toContain('fetch-all users');
    expect(fetchText).toContain('COMPLETED');
    expect(fetchText).toContain('40 of 40 read (100%), 40 written to Hull');
    expect(await fetchRun.locator('a').getAttribute('href')).toBe(
      `${TEMPORAL_UI}/namespaces/default/workflows/${encodeURIComponent(started.workflowId)}/` +
        encodeURIComponent((await api<{ runId: string }>(`/runs/${started.workflowId}`)).runId),
    );

    const hour = page.locator('[data-testid="writes-hour"]').first();
    const cells = await hour.locator('td').allTextContents();
    expect(cells[0]).toBe(new Date().toISOString().slice(0, 13).replace('T', ' ') + ':00');
    expect(Number(cells[1])).toBeGreaterThanOrEqual(5); // created
    expect(Number(cells[5])).toBeGreaterThanOrEqual(1); // failed attempts

    const links = await Promise.all(
      (await page.locator('#temporal-links a').all()).map(async (a) => ({
        text: await a.textContent(),
        href: await a.getAttribute('href'),
      })),
    );
    expect(links.map((link) => link.text)).toEqual(
      expect.arrayContaining(['Fetch-all runs', 'Activation runs', 'Everything with a kept failure']),
    );
    const fetchList = new URL(links.find((link) => link.text === 'Fetch-all runs')!.href!);
    expect(`${fetchList.origin}${fetchList.pathname}`).toBe(`${TEMPORAL_UI}/namespaces/default/workflows`);
    const query = fetchList.searchParams.get('query')!;
    expect(query).toBe(
      `HullIntercomKind = "fetch-all" AND WorkflowId STARTS_WITH "hull-intercom/${harness.hull.connectorId}/"`,
    );
    // The link's query is one Temporal answers: it lists exactly this connector's fetch-all run.
    const listed: string[] = [];
    for await (const execution of harness.engine.temporalClient.workflow.list({ query }))
      listed.push(execution.workflowId);
    expect(listed).toEqual([started.workflowId]);

    const failure = page.locator('[data-testid="failure"]');
    expect(await failure.count()).toBe(1);
    expect(await failure.textContent()).toContain('Admin with id=737373 not found');
    expect(await failure.getAttribute('data-workflow-id')).toMatch(new RegExp(`/hull-user/${refused.id}$`));

    if (process.env.OPERATOR_PAGE_SCREENSHOT) {
      await page.screenshot({ path: process.env.OPERATOR_PAGE_SCREENSHOT, fullPage: true });
    }

    // The cause is fixed in Intercom; the page's button re-drives the failure, which then goes away.
    harness.intercom.store.admins.set('737373', {
      id: '737373',
      name: 'New Owner',
      email: 'owner@example.org',
      job_title: null,
      avatar: null,
      team_ids: [],
    });
    await failure.locator('button', { hasText: 'Re-drive' }).click();
    await page.locator('#retry-message', { hasText: 're-driven: 1' }).waitFor();
    await waitFor('the re-driven record to be written', () => contactsByEmail('page-owned@example.org').length === 1);
    await page.locator('#failures-empty').waitFor({ state: 'visible', timeout: 30_000 });
  });

  it('refuses the status to a visitor without the token', async () => {
    const response = await fetch(`${harness.apiUrl}/operator/status`);
    expect(response.status).toBe(401);
  });
});
