import { generateKeyPairSync } from 'node:crypto';
import { signRs256 } from '../../../src/hull/jwt';
import { NotificationAuthenticator } from '../../../src/hull/notification-auth';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const configuration = { id: 'c1', organization: 'org.hullapp.io', secret: 's3cret' };

function request(keyUrl: string, notificationId = 'n1') {
  return {
    headers: {
      'x-hull-smart-notifier': 'true',
      'x-hull-smart-notifier-signature-version': 'v1',
      'x-hull-smart-notifier-signature': signRs256(
        { jti: notificationId, iat: Math.floor(Date.now() / 1000) },
        privateKey,
      ),
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
    const { headers, body } = request('https://hull.io/keys/1');
    expect(await auth.authenticate(headers, body)).toEqual({ ok: true });
  });

  it('compares origins exactly, never by prefix, and fetches nothing from an untrusted one', async () => {
    for (const url of ['https://hull.io.attacker.example/key', 'http://hull.io/key', 'https://hull.io:8443/key']) {
      const { headers, body } = request(url);
      expect(await auth.authenticate(headers, body)).toMatchObject({ ok: false, code: 'INVALID_CERTIFICATE' });
    }
    expect(fetched.every((url) => new URL(url).origin === 'https://hull.io')).toBe(true);
  });

  it('checks the credentials before fetching anything', async () => {
    const { headers, body } = request('https://hull.io/keys/2');
    const result = await auth.authenticate(headers, { ...body, configuration: { ...configuration, secret: 'guess' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CONFIGURATION' });
    expect(fetched).not.toContain('https://hull.io/keys/2');
  });

  it('refuses a secret of the right length in characters but not in bytes, instead of throwing', async () => {
    const { headers, body } = request('https://hull.io/keys/3');
    const result = await auth.authenticate(headers, { ...body, configuration: { ...configuration, secret: 's3crét' } });
    expect(result).toMatchObject({ ok: false, code: 'INVALID_CONFIGURATION' });
  });
});
