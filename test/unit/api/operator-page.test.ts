/**
 * The operator page's serving and sign-in, on the real API without a Temporal server: the page itself
 * loads nothing from elsewhere and runs only its own script (CSP hash); the sign-in exchanges the
 * token for an HttpOnly, SameSite=Strict cookie that is not the token; the cookie authenticates reads,
 * and changes only from the page's own origin. (test/integration/operator-page.test.ts loads it in Chromium.)
 */
import { createHash } from 'node:crypto';
import { buildOfflineApi, OFFLINE_API_TOKEN, type OfflineApi } from '../../helpers/offline-api';

let api: OfflineApi;

beforeAll(async () => {
  api = await buildOfflineApi();
});

afterAll(async () => {
  await api?.close();
});

async function signIn(): Promise<string> {
  const response = await api.app.inject({
    method: 'POST',
    url: '/operator/session',
    payload: { token: OFFLINE_API_TOKEN },
  });
  expect(response.statusCode).toBe(204);
  const cookie = String(response.headers['set-cookie']);
  expect(cookie).toMatch(/^hull_intercom_operator=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
  expect(cookie).not.toContain(OFFLINE_API_TOKEN);
  return cookie.split(';')[0]!;
}

it('serves the page with its script inlined and allowed by hash, nothing from another origin', async () => {
  const page = await api.app.inject({ method: 'GET', url: '/' });
  expect(page.statusCode).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.body).toContain('<body data-token-required="true">');
  expect(page.body).not.toMatch(/(src|href)="(https?:)?\/\//);
  const script = /<script>([\s\S]*)<\/script>/.exec(page.body)![1]!;
  const hash = createHash('sha256').update(script).digest('base64');
  expect(page.headers['content-security-policy']).toContain(`script-src 'sha256-${hash}'`);
  expect(page.headers['content-security-policy']).toContain("default-src 'none'");
  expect(page.headers['content-security-policy']).toContain("connect-src 'self'");
});

it('refuses a wrong token at sign-in with problem details', async () => {
  const response = await api.app.inject({ method: 'POST', url: '/operator/session', payload: { token: 'guess' } });
  expect(response.statusCode).toBe(401);
  expect(response.json()).toMatchObject({ status: 401, detail: 'that is not the operator token' });
  expect(response.headers['set-cookie']).toBeUndefined();
});

it('lets the session cookie read operator routes (Temporal is offline here: 503, not 401)', async () => {
  const cookie = await signIn();
  expect((await api.app.inject({ method: 'GET', url: '/operator/status' })).statusCode).toBe(401);
  expect((await api.app.inject({ method: 'GET', url: '/operator/status', headers: { cookie } })).statusCode).toBe(503);
  const forged = 'hull_intercom_operator=' + 'A'.repeat(43);
  expect((await api.app.inject({ method: 'GET', url: '/failures', headers: { cookie: forged } })).statusCode).toBe(401);
});

it('accepts a change the cookie authenticates only from the page’s own origin', async () => {
  const cookie = await signIn();
  const retry = (headers: Record<string, string>) =>
    api.app.inject({
      method: 'POST',
      url: '/failures/retry',
      headers: { cookie, host: 'engine.example:3000', ...headers },
      payload: { workflowId: 'someone-else/workflow' },
    });
  const noOrigin = await retry({});
  expect(noOrigin.statusCode).toBe(401);
  expect(noOrigin.json<{ detail: string }>().detail).toMatch(/must come from the page itself/);
  expect((await retry({ origin: 'https://evil.example' })).statusCode).toBe(401);
  // Past the guard: the route itself answers (a workflow of another connector is not found).
  expect((await retry({ origin: 'http://engine.example:3000' })).statusCode).toBe(404);
});

it('signs out by clearing the cookie', async () => {
  const response = await api.app.inject({ method: 'DELETE', url: '/operator/session' });
  expect(response.statusCode).toBe(204);
  expect(String(response.headers['set-cookie'])).toMatch(/^hull_intercom_operator=; .*Max-Age=0$/);
});

it('needs no sign-in without API_TOKEN', async () => {
  const open = await buildOfflineApi({ context: { operatorToken: undefined } });
  try {
    const page = await open.app.inject({ method: 'GET', url: '/' });
    expect(page.body).toContain('<body data-token-required="false">');
    const session = await open.app.inject({ method: 'POST', url: '/operator/session', payload: { token: 'x' } });
    expect(session.statusCode).toBe(204);
    expect(session.headers['set-cookie']).toBeUndefined();
  } finally {
    await open.close();
  }
});
