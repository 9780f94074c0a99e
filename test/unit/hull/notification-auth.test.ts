import { generateKeyPairSync, type KeyObject } from 'node:crypto';
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

  it('checks the credentials before fetching anything', async () => {
    const { headers, body } = await request('https://hull.io/keys/2');
    const result = await auth.authenticate(headers, { ...body, configuration: { ...configuration, secret: 'guess' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CONFIGURATION' });
    expect(fetched).not.toContain('https://hull.io/keys/2');
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
