/**
 * The platform's notification signature: an RS256 JWT whose `jti` is the notification id,
 * verifiable with a PEM public key the simulator serves itself. One key pair per process: RSA key
 * generation costs tens of milliseconds, and the real platform also signs for every organization
 * with the same key.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { signRs256 } from './jwt';

/** Lifetime of a signature; connectors honour `exp` when present. */
const SIGNATURE_TTL_SECONDS = 300;

interface PlatformKeys {
  privateKey: KeyObject;
  publicKeyPem: string;
}

let keys: PlatformKeys | undefined;

export function platformKeys(): PlatformKeys {
  if (keys === undefined) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    keys = {
      privateKey: pair.privateKey,
      publicKeyPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return keys;
}

export function signatureHeaders(
  notificationId: string,
  organization: string,
  publicKeyUrl: string,
  nowSeconds: number,
): Record<string, string> {
  const iat = Math.floor(nowSeconds);
  const signature = signRs256(
    { iss: organization, jti: notificationId, iat, exp: iat + SIGNATURE_TTL_SECONDS },
    platformKeys().privateKey,
  );
  return {
    'X-Hull-Smart-Notifier-Signature-Version': 'v1',
    'X-Hull-Smart-Notifier-Signature': signature,
    'X-Hull-Smart-Notifier-Signature-Public-Key-Url': publicKeyUrl,
  };
}
