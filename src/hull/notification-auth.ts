/**
 * Authenticates a platform notification as Hull's connector framework does: the body's
 * `configuration` must carry this connector's id, organization and secret (compared in constant
 * time), and the request must be signed. The platform sends `X-Hull-Smart-Notifier`, signature
 * version `v1`, an RS256 JWT in `X-Hull-Smart-Notifier-Signature` whose `jti` is the notification id
 * (and whose `exp`, when present, is honoured), and in `...-Signature-Public-Key-Url` where to POST
 * that signature to get the PEM public key that verifies it (fetched once per URL). The JWT is
 * verified with `jose`. The credentials are checked first, so nobody without the connector secret
 * can make the engine fetch a URL.
 */
import axios from 'axios';
import { errors as joseErrors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { constantTimeEqual } from '../config/secret';

export type AuthResult = { ok: true } | { ok: false; code: string; message: string };

export interface NotificationAuthOptions {
  connectorId: string;
  organization: string;
  secret: () => string;
  /** When set, key URLs must start with one of these origins. */
  trustedKeyOrigins?: string[];
  /** Development escape hatch (Hull's framework has the same): trust the credentials alone. */
  skipSignature?: boolean;
  fetchKey?: (url: string, signature: string) => Promise<string>;
}

/** Signature key URLs cached (the platform uses one or a few). */
const MAX_CACHED_KEYS = 16;

/** Exact origin comparison: a prefix test would accept https://hull.io.attacker.example for https://hull.io. */
function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

async function fetchPublicKey(url: string, signature: string): Promise<string> {
  const response = await axios.post<string>(url, signature, {
    timeout: 5_000,
    responseType: 'text',
    headers: { 'Content-Type': 'text/plain' },
  });
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(String(response.data))?.[0];
  if (pem === undefined) throw new Error(`no PEM public key at ${url}`);
  return pem;
}

export class NotificationAuthenticator {
  readonly #keys = new Map<string, Promise<CryptoKey>>();

  constructor(private readonly options: NotificationAuthOptions) {}

  async authenticate(
    headers: Record<string, unknown>,
    body: { notification_id?: unknown; configuration?: unknown },
  ): Promise<AuthResult> {
    const configuration = (body.configuration ?? {}) as Record<string, unknown>;
    if (
      configuration.id !== this.options.connectorId ||
      configuration.organization !== this.options.organization ||
      !constantTimeEqual(configuration.secret, this.options.secret())
    ) {
      return {
        ok: false,
        code: 'INVALID_CONFIGURATION',
        message: "the configuration does not carry this connector's credentials",
      };
    }
    if (this.options.skipSignature) return { ok: true };

    const signature = headers['x-hull-smart-notifier-signature'];
    const keyUrl = headers['x-hull-smart-notifier-signature-public-key-url'];
    if (headers['x-hull-smart-notifier'] === undefined || typeof signature !== 'string' || typeof keyUrl !== 'string') {
      return {
        ok: false,
        code: 'MISSING_SIGNATURE_HEADERS',
        message: 'the X-Hull-Smart-Notifier signature headers are missing',
      };
    }
    if (headers['x-hull-smart-notifier-signature-version'] !== 'v1') {
      return { ok: false, code: 'UNSUPPORTED_SIGNATURE_VERSION', message: 'only signature version v1 is supported' };
    }
    const trusted = this.options.trustedKeyOrigins;
    if (trusted !== undefined && trusted.length > 0 && !trusted.some((origin) => sameOrigin(keyUrl, origin))) {
      return {
        ok: false,
        code: 'INVALID_CERTIFICATE',
        message: `the signature key URL is not on a trusted origin (${trusted.join(', ')})`,
      };
    }
    let publicKey: CryptoKey;
    try {
      let key = this.#keys.get(keyUrl);
      if (key === undefined) {
        if (this.#keys.size >= MAX_CACHED_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
        key = (this.options.fetchKey ?? fetchPublicKey)(keyUrl, signature).then((pem) => importSPKI(pem, 'RS256'));
        this.#keys.set(keyUrl, key);
        key.catch(() => this.#keys.delete(keyUrl));
      }
      publicKey = await key;
    } catch (error) {
      return {
        ok: false,
        code: 'INVALID_CERTIFICATE',
        message: `could not get the signature key: ${(error as Error).message}`,
      };
    }
    try {
      const { payload: claims } = await jwtVerify(signature, publicKey, { algorithms: ['RS256'] });
      if (claims.jti !== body.notification_id) {
        return {
          ok: false,
          code: 'INVALID_SIGNATURE',
          message: 'the signature is for another notification (jti mismatch)',
        };
      }
      return { ok: true };
    } catch (error) {
      const reason = error instanceof joseErrors.JOSEError ? error.message : String(error);
      return { ok: false, code: 'INVALID_SIGNATURE', message: `the signature does not verify: ${reason}` };
    }
  }
}
