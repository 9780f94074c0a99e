/**
 * Connecting Intercom with OAuth through the real stack: GET /auth/intercom → the Intercom
 * simulator's authorise page → the callback with the code and the state → the connect workflow
 * exchanges the code, verifies the token with GET /me and stores it sealed; the engine then uses it
 * (a check and a write succeed where the configured token is refused). The state is checked (altered,
 * or without this browser's cookie: 400), the token is in no workflow history and in the database only
 * sealed, and a revoked token pauses outgoing sync with the reason and how to reconnect.
 */
import { Client as PgClient } from 'pg';
import { SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';
import { startHarness, type Harness } from '../helpers/engine-harness';
import { waitFor } from '../helpers/eventually';
import { postNotification, userMessage } from '../helpers/hull-notifications';

const KEY = 'an-encryption-key-of-at-least-32-characters';
const CUSTOMERS = { id: 'c0ffee000000000000000001', name: 'Customers' };

interface Status {
  connections: {
    intercom: {
      state: string;
      workspaceId?: string;
      region?: string;
      reason?: string;
      reconnect?: string;
      connect?: string;
      connectedAt?: string;
    };
  };
}

describe('OAuth connection', () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness({
      name: 'oauth',
      activations: true,
      // The configured token is refused: only the OAuth connection can make the engine work.
      engineIntercomToken: 'a-revoked-pasted-token',
      intercom: { region: 'EU' },
      settings: {
        synchronized_user_segments: [CUSTOMERS.id],
        outgoing_user_attributes: [{ hull: 'name', service: 'name' }],
        fetch_users: false,
        fetch_leads: false,
      },
      env: { INTERCOM_AUTH_PAUSE_SECONDS: '1' },
      oauth: { encryptionKey: KEY },
    });
    harness.hull.upsertSegment({ ...CUSTOMERS, type: 'users_segment' });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  /** The browser's part: to the authorise page and back, carrying the state cookie. */
  async function authorise(): Promise<{ callback: string; cookie: string }> {
    const start = await fetch(`${harness.apiUrl}/auth/intercom`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
    expect(start.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Lax/);
    const authorizeUrl = new URL(start.headers.get('location')!);
    expect(`${authorizeUrl.origin}${authorizeUrl.pathname}`).toBe(`${harness.intercom.url}/oauth`);
    expect(authorizeUrl.searchParams.get('client_id')).toBe(SANDBOX_CREDENTIALS.clientId);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${harness.apiUrl}/auth/intercom/callback`);
    const approved = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(approved.status).toBe(302);
    return { callback: approved.headers.get('location')!, cookie };
  }

  const status = async () => (await (await fetch(`${harness.apiUrl}/operator/status`)).json()) as Status;

  it('refuses a callback whose state is altered or not this browser’s', async () => {
    const { callback, cookie } = await authorise();
    const altered = new URL(callback);
    altered.searchParams.set('state', `${altered.searchParams.get('state')!}x`);
    const refused = await fetch(altered, { headers: { cookie }, redirect: 'manual' });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/the state does not match/);
    expect((await fetch(callback, { redirect: 'manual' })).status).toBe(400); // no cookie: another browser
    expect(harness.intercom.requestCount('POST', '/auth/eagle/token')).toBe(0);
  });

  it('exchanges the code, learns the workspace and region, stores the token sealed, and uses it', async () => {
    const before = await status();
    expect(before.connections.intercom.connect).toBe('/auth/intercom');
    const { callback, cookie } = await authorise();
    const done = await fetch(callback, { headers: { cookie }, redirect: 'manual' });
    expect(done.status).toBe(303);
    expect(done.headers.get('location')).toBe('/?connected=sandboxapp');

    // The engine now works with the connected token, where the configured one is refused.
    const check = await fetch(`${harness.apiUrl}/actions/check-connections`, { method: 'POST' });
    expect(check.status).toBe(200);
    expect(await check.json()).toMatchObject({ intercom: { ok: true, workspaceId: 'sandboxapp', region: 'EU' } });
    const after = await status();
    expect(after.connections.intercom).toMatchObject({ state: 'ok', workspaceId: 'sandboxapp', region: 'EU' });
    expect(after.connections.intercom.connectedAt).toMatch(/^\d{4}-/);

    // The token: sealed in the database, and in no history of the connect workflow.
    const db = new PgClient({ connectionString: harness.databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ sealed_token: string; region: string; api_url: string }>(
      'SELECT sealed_token, region, api_url FROM intercom_connection',
    );
    await db.end();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.sealed_token).toMatch(/^v1\./);
    expect(rows[0]!.sealed_token).not.toMatch(/oauth-/);
    // INTERCOM_API_URL is configured here (the simulator), so the host stays it whatever the region.
    expect(rows[0]).toMatchObject({ region: 'EU', api_url: harness.intercom.url });
    const connects = [];
    for await (const run of harness.engine.temporalClient.workflow.list({
      query: `WorkflowType = "connectIntercomWorkflow"`,
    })) {
      if (run.workflowId.includes(harness.hull.connectorId)) connects.push(run.workflowId);
    }
    expect(connects).toHaveLength(1);
    const history = await harness.engine.temporalClient.workflow.getHandle(connects[0]!).fetchHistory();
    expect(JSON.stringify(history)).not.toMatch(/oauth-[0-9a-f]{32}/);
    const code = new URL(callback).searchParams.get('code')!;
    expect(JSON.stringify(history)).not.toContain(code);

    const user = harness.hull.upsertUser({ email: 'oauth-user@example.org' });
    const message = userMessage({ id: user.id, email: user.email!, traits: { name: 'OAuth' }, segments: [CUSTOMERS] });
    expect((await postNotification(harness, 'user:update', [message])).status).toBe(200);
    await waitFor('the user to be written with the connected token', () =>
      [...harness.intercom.store.contacts.values()].some((contact) => contact.email === 'oauth-user@example.org'),
    );
  });

  it('pauses outgoing sync when the connected token is revoked, saying how to reconnect', async () => {
    harness.intercom.revokeOAuthTokens();
    const user = harness.hull.upsertUser({ email: 'after-revoke@example.org' });
    const message = userMessage({ id: user.id, email: user.email!, traits: { name: 'Later' }, segments: [CUSTOMERS] });
    expect((await postNotification(harness, 'user:update', [message])).status).toBe(200);
    const paused = await waitFor('the page to show the refused token', async () => {
      const current = (await status()).connections.intercom;
      return current.state === 'refused' ? current : undefined;
    });
    expect(paused.reason).toMatch(
      /Intercom refused the credentials \(401.*connect Intercom again: GET \/auth\/intercom/,
    );
    expect(paused.reconnect).toMatch(/Connect Intercom again/);

    // Connecting again resumes it: the waiting record is written.
    const { callback, cookie } = await authorise();
    expect((await fetch(callback, { headers: { cookie }, redirect: 'manual' })).status).toBe(303);
    await waitFor('the waiting user to be written after reconnecting', () =>
      [...harness.intercom.store.contacts.values()].some((contact) => contact.email === 'after-revoke@example.org'),
    );
  });
});
