/**
 * The OAuth authorisation-code flow: the authorise page redirects back with a code and the state
 * unchanged, the code is exchanged once (form-encoded, as Intercom documents it) for a token the REST
 * API accepts, a wrong secret or a reused code is refused, and a revoked token gets 401.
 */
import { IntercomSimulator, SANDBOX_CREDENTIALS } from '../src';

describe('OAuth', () => {
  let sim: IntercomSimulator;
  let url: string;

  beforeEach(async () => {
    sim = new IntercomSimulator();
    url = await sim.start();
  });

  afterEach(() => sim.stop());

  async function authorise(state: string): Promise<URL> {
    const query = new URLSearchParams({
      client_id: SANDBOX_CREDENTIALS.clientId,
      redirect_uri: 'http://127.0.0.1:9/auth/intercom/callback',
      state,
    });
    const response = await fetch(`${url}/oauth?${query.toString()}`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  const exchange = (code: string, secret: string = SANDBOX_CREDENTIALS.clientSecret) =>
    fetch(`${url}/auth/eagle/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code, client_id: SANDBOX_CREDENTIALS.clientId, client_secret: secret }).toString(),
    });

  it('redirects back with a code and the state, exchanged once for a token the API accepts until revoked', async () => {
    const back = await authorise('s-123');
    expect(`${back.origin}${back.pathname}`).toBe('http://127.0.0.1:9/auth/intercom/callback');
    expect(back.searchParams.get('state')).toBe('s-123');
    const code = back.searchParams.get('code')!;
    expect((await exchange(code, 'wrong-secret')).status).toBe(401);
    const answer = await exchange(code);
    expect(answer.status).toBe(200);
    const { token, access_token, token_type } = (await answer.json()) as Record<string, string>;
    expect({ same: token === access_token, token_type }).toEqual({ same: true, token_type: 'Bearer' });
    expect((await exchange(code)).status).toBe(400);

    const me = await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { app: { id_code: string } }).app.id_code).toBe('sandboxapp');

    const revoked = await fetch(`${url}/_simulator/oauth/revoke`, { method: 'POST' });
    expect(await revoked.json()).toEqual({ revoked: 1 });
    expect((await fetch(`${url}/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('refuses an unknown client id at the authorise page', async () => {
    const response = await fetch(`${url}/oauth?client_id=other&redirect_uri=http://x.example/cb`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(400);
  });
});
