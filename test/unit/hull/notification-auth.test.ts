import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import { NotificationAuthenticator } from '../../../src/hull/notification-auth';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const configuration = { id: 'c1', organization: 'org.hullapp.io', secret: 's3cret' };

/** An RS256 signature for a notification, as the platform makes it. */
function sign(claims: Record<string, unknown>, key: KeyObject = privateKey, expiresAt?: number): Promise<string> {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).setIssuedAt();
  return (expiresAt === undefined ? jwt : jwt.setExpirationTime(expiresAt)).sign(key);
}

async function request(keyUrl: string, notificationId = 'n1', signature?: string) {
  return {
    headers: {
      'x-hull-smart-notifier': 'true',
      'x-hull-smart-notifier-signature-version': 'v1',
      'x-hull-smart-notifier-signature': signature ?? (await sign({ jti: notificationId })),
      'x-hull-smart-notifier-signature-public-key-url': keyUrl,
    },
    body: { notification_id: notificationId, configuration },
  };
}

describe('NotificationAuthenticator', () => {
  const fetched: string[] = [];
  const auth = new NotificationAuthenticator({
    connectorId: 'c1',
    organization: 'org.hullapp.io',
    secret: () => 's3cret',
    trustedKeyOrigins: ['https://hull.io'],
    fetchKey: (url) => {
      fetched.push(url);
      return Promise.resolve(pem);
    },
  });

  it('accepts a signature whose key is served by a trusted origin', async () => {
    const { headers, body } = await request('https://hull.io/keys/1');
    expect(await auth.authenticate(headers, body)).toEqual({ ok: true });
  });

  it('compares origins exactly, never by prefix, and fetches nothing from an untrusted one', async () => {
    for (const url of ['https://hull.io.attacker.example/key', 'http://hull.io/key', 'https://hull.io:8443/key']) {
      const { headers, body } = await request(url);
      expect(await auth.authenticate(headers, body)).toMatchObject({ ok: false, code: 'INVALID_CERTIFICATE' });
    }
    expect(fetched.every((url) => new URL(url).origin === 'https://hull.io')).toBe(true);
  });

  it('verifies the signature from the headers alone, then the jti and credentials against the body', async () => {
    const { headers, body } = await request('https://hull.io/keys/2');
    const signed = await auth.verifySignature(headers);
    expect(signed).toEqual({ ok: true, notificationId: 'n1' });
    expect(auth.verifyBody(body, signed as { notificationId: string })).toEqual({ ok: true });
    expect(
      auth.verifyBody({ ...body, configuration: { ...configuration, secret: 'guess' } }, { notificationId: 'n1' }),
    ).toMatchObject({
      ok: false,
      code: 'INVALID_CONFIGURATION',
    });
    expect(auth.verifyBody({ ...body, notification_id: 'n2' }, { notificationId: 'n1' })).toMatchObject({
      ok: false,
      code: 'INVALID_SIGNATURE',
    });
  });

  it('refuses a secret of the right length in characters but not in bytes, instead of throwing', async () => {
    const { headers, body } = await request('https://hull.io/keys/3');
    const result = await auth.authenticate(headers, { ...body, configuration: { ...configuration, secret: 's3crét' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CONFIGURATION' });
  });

  it.each([
    [
      'signed by another key',
      () => sign({ jti: 'n1' }, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
    ],
    ['for another notification', () => sign({ jti: 'n2' })],
    ['expired', () => sign({ jti: 'n1' }, privateKey, Math.floor(Date.now() / 1000) - 60)],
    ['not a JWT', () => Promise.resolve('not.a.jwt')],
  ])('refuses a signature %s', async (_case, signature) => {
    const { headers, body } = await request('https://hull.io/keys/1', 'n1', await signature());
    expect(await auth.authenticate(headers, body)).toMatchObject({ ok: false, code: 'INVALID_SIGNATURE' });
  });
});

describe('NotificationAuthenticator key origins', () => {
  const servers: Server[] = [];
  /** A real key server on loopback: `/key` answers the PEM, `/moved` redirects to `target`. */
  async function keyServer(target?: string): Promise<{ origin: string; hits: string[] }> {
    const hits: string[] = [];
    const server = createServer((req, res) => {
      hits.push(req.url ?? '');
      if (req.url === '/moved' && target !== undefined) {
        res.writeHead(302, { location: target }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end(pem);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
  }
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
  /** An authenticator for org.hullapp.io with these key options. */
  const authenticator = (keys: { trustedKeyOrigins?: string[]; trustAnyKeyOrigin?: boolean } = {}) =>
    new NotificationAuthenticator({
      connectorId: 'c1',
      organization: 'org.hullapp.io',
      secret: () => 's3cret',
      ...keys,
    });

  it("trusts only the organisation's own origin by default, and fetches nothing elsewhere", async () => {
    const attacker = await keyServer();
    const auth = new NotificationAuthenticator({
      connectorId: 'c1',
      organization: 'org.hullapp.io',
      secret: () => 's3cret',
    });
    expect(auth.trustedKeyOrigins).toEqual(['https://org.hullapp.io']);
    const { headers } = await request(`${attacker.origin}/key`);
    expect(await auth.verifySignature(headers)).toMatchObject({
      ok: false,
      code: 'INVALID_CERTIFICATE',
      message: expect.stringMatching(/not on a trusted origin \(https:\/\/org\.hullapp\.io;/),
    });
    expect(attacker.hits).toEqual([]);
  });

  it('accepts a key from a configured origin over real HTTP', async () => {
    const hull = await keyServer();
    const auth = authenticator({ trustedKeyOrigins: [hull.origin] });
    const { headers } = await request(`${hull.origin}/key`);
    expect(await auth.verifySignature(headers)).toEqual({ ok: true, notificationId: 'n1' });
    expect(hull.hits).toEqual(['/key']);
  });

  it('never follows a redirect from a trusted origin, even to another port of the same host', async () => {
    const elsewhere = await keyServer();
    const hull = await keyServer(`${elsewhere.origin}/key`);
    const auth = authenticator({ trustedKeyOrigins: [hull.origin] });
    const { headers } = await request(`${hull.origin}/moved`);
    expect(await auth.verifySignature(headers)).toMatchObject({
      ok: false,
      code: 'INVALID_CERTIFICATE',
      message: expect.stringMatching(/redirect \(302\), which is not followed/),
    });
    expect(elsewhere.hits).toEqual([]);
  });

  it('trusts any origin only with the explicit development switch', async () => {
    const anywhere = await keyServer();
    const auth = authenticator({ trustAnyKeyOrigin: true });
    expect(auth.trustedKeyOrigins).toBeUndefined();
    const { headers } = await request(`${anywhere.origin}/key`);
    expect(await auth.verifySignature(headers)).toEqual({ ok: true, notificationId: 'n1' });
  });
});
