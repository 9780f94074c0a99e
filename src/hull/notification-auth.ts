/**
 * Authenticates a platform notification as Hull's connector framework does, in two halves so the
 * expensive part of a request (its body) is read only for a request that is signed:
 *
 * 1. `verifySignature(headers)`, before the body is read: the platform sends `X-Hull-Smart-Notifier`,
 *    signature version `v1`, an RS256 JWT in `X-Hull-Smart-Notifier-Signature` (its `exp`, when
 *    present, honoured), and in `...-Signature-Public-Key-Url` where to POST that signature to get the
 *    PEM public key that verifies it. The key URL must be on a trusted origin (by default the
 *    organisation's own host, `https://<organization>`), compared exactly; the key is fetched without
 *    following redirects (a trusted origin must not hand the decision to another), bounded in time
 *    and size, and cached per URL. The JWT is verified with `jose`.
 * 2. `verifyBody(body, signed)`, once the body is parsed: the signature's `jti` must be the body's
 *    notification id, and the body's `configuration` must carry this connector's id, organization and
 *    secret (compared in constant time).
 *
 * `skipSignature` (development only, as Hull's framework has it) leaves only the credentials check;
 * `trustAnyKeyOrigin` (development only) accepts a key from any URL.
 */
import axios from 'axios';
import { errors as joseErrors, importSPKI, jwtVerify, type CryptoKey } from 'jose';
import { constantTimeEqual } from '../config/secret';

export type AuthFailure = { ok: false; code: string; message: string };
export type AuthResult = { ok: true } | AuthFailure;
/** The first half's answer: the signature's `jti`, which the body must match (none when signatures are skipped). */
export type SignatureResult = { ok: true; notificationId?: string } | AuthFailure;

export interface NotificationAuthOptions {
  connectorId: string;
  organization: string;
  secret: () => string;
  /** Key URLs must be on one of these origins (default: `defaultKeyOrigins(organization)`). */
  trustedKeyOrigins?: string[];
  /** Development switch: accept a signature key from any URL (HULL_TRUST_ANY_KEY_ORIGIN). */
  trustAnyKeyOrigin?: boolean;
  /** Development escape hatch (Hull's framework has the same): trust the credentials alone. */
  skipSignature?: boolean;
  fetchKey?: (url: string, signature: string) => Promise<string>;
}

/** Signature key URLs cached (the platform uses one or a few). */
const MAX_CACHED_KEYS = 16;
/** A PEM RSA public key is well under 2 KiB; a key answer larger than this is not one. */
const MAX_KEY_RESPONSE_BYTES = 16 * 1024;
const KEY_FETCH_TIMEOUT_MS = 5_000;

/**
 * The origins trusted to serve the signature key when none are configured: the organisation's own
 * host, where the platform serves its API (`https://<organization>`). Hull documents no other key host.
 */
export function defaultKeyOrigins(organization: string): string[] {
  return [`https://${organization}`];
}

/** Exact origin comparison: a prefix test would accept https://hull.io.attacker.example for https://hull.io. */
function sameOrigin(url: string, origin: string): boolean {
  try {
    return new URL(url).origin === new URL(origin).origin;
  } catch {
    return false;
  }
}

/** POSTs the signature to the key URL; a redirect is refused, not followed, and the answer is bounded. */
export async function fetchPublicKey(url: string, signature: string): Promise<string> {
  const response = await axios.post<string>(url, signature, {
    timeout: KEY_FETCH_TIMEOUT_MS,
    responseType: 'text',
    headers: { 'Content-Type': 'text/plain' },
    maxRedirects: 0,
    maxContentLength: MAX_KEY_RESPONSE_BYTES,
    validateStatus: (status) => status >= 200 && status < 300,
  });
  const pem = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(String(response.data))?.[0];
  if (pem === undefined) throw new Error(`no PEM public key at ${url}`);
  return pem;
}

/** Why a key could not be fetched, without the HTTP library's internals. */
function keyFetchReason(error: unknown): string {
  if (axios.isAxiosError(error)) {
    const status = error.response?.status;
    if (status !== undefined && status >= 300 && status < 400)
      return `the key URL answered a redirect (${status}), which is not followed`;
    if (status !== undefined) return `the key URL answered ${status}`;
    if (error.code === 'ERR_FR_MAX_CONTENT_LENGTH_EXCEEDED' || /maxContentLength/.test(error.message))
      return 'the key URL answered more than a public key';
    return `the key URL did not answer (${error.code ?? error.message})`;
  }
  return (error as Error).message;
}

const header = (headers: Record<string, unknown>, name: string): string | undefined => {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
};

export class NotificationAuthenticator {
  readonly #keys = new Map<string, Promise<CryptoKey>>();
  readonly #trusted: string[];

  constructor(private readonly options: NotificationAuthOptions) {
    this.#trusted =
      options.trustedKeyOrigins !== undefined && options.trustedKeyOrigins.length > 0
        ? options.trustedKeyOrigins
        : defaultKeyOrigins(options.organization);
  }

  /** Whether requests are signed at all (false only with HULL_SKIP_SIGNATURE_VALIDATION). */
  get checksSignatures(): boolean {
    return this.options.skipSignature !== true;
  }

  /** The origins a key may come from; undefined when any is trusted. */
  get trustedKeyOrigins(): string[] | undefined {
    return this.options.trustAnyKeyOrigin === true ? undefined : [...this.#trusted];
  }

  /** The first half, from the headers alone: run it before reading the body. */
  async verifySignature(headers: Record<string, unknown>): Promise<SignatureResult> {
    if (this.options.skipSignature) return { ok: true };
    const signature = header(headers, 'x-hull-smart-notifier-signature');
    const keyUrl = header(headers, 'x-hull-smart-notifier-signature-public-key-url');
    if (headers['x-hull-smart-notifier'] === undefined || signature === undefined || keyUrl === undefined) {
      return {
        ok: false,
        code: 'MISSING_SIGNATURE_HEADERS',
        message: 'the X-Hull-Smart-Notifier signature headers are missing',
      };
    }
    if (headers['x-hull-smart-notifier-signature-version'] !== 'v1') {
      return { ok: false, code: 'UNSUPPORTED_SIGNATURE_VERSION', message: 'only signature version v1 is supported' };
    }
    const trusted = this.trustedKeyOrigins;
    if (trusted !== undefined && !trusted.some((origin) => sameOrigin(keyUrl, origin))) {
      return {
        ok: false,
        code: 'INVALID_CERTIFICATE',
        message: `the signature key URL is not on a trusted origin (${trusted.join(', ')}; HULL_TRUSTED_KEY_ORIGINS sets them)`,
      };
    }
    let publicKey: CryptoKey;
    try {
      publicKey = await this.#key(keyUrl, signature);
    } catch (error) {
      return {
        ok: false,
        code: 'INVALID_CERTIFICATE',
        message: `could not get the signature key: ${keyFetchReason(error)}`,
      };
    }
    try {
      const { payload: claims } = await jwtVerify(signature, publicKey, { algorithms: ['RS256'] });
      if (typeof claims.jti !== 'string' || claims.jti === '') {
        return { ok: false, code: 'INVALID_SIGNATURE', message: 'the signature names no notification (jti)' };
      }
      return { ok: true, notificationId: claims.jti };
    } catch (error) {
      const reason = error instanceof joseErrors.JOSEError ? error.message : 'not a JWT';
      return { ok: false, code: 'INVALID_SIGNATURE', message: `the signature does not verify: ${reason}` };
    }
  }

  /** The second half, once the body is parsed: the signature is for this notification, the credentials this connector's. */
  verifyBody(
    body: { notification_id?: unknown; configuration?: unknown },
    signed: { notificationId?: string },
  ): AuthResult {
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
    if (this.checksSignatures && signed.notificationId !== body.notification_id) {
      return {
        ok: false,
        code: 'INVALID_SIGNATURE',
        message: 'the signature is for another notification (jti mismatch)',
      };
    }
    return { ok: true };
  }

  /** Both halves at once (for callers that hold the whole request). */
  async authenticate(
    headers: Record<string, unknown>,
    body: { notification_id?: unknown; configuration?: unknown },
  ): Promise<AuthResult> {
    const signed = await this.verifySignature(headers);
    if (!signed.ok) return signed;
    return this.verifyBody(body, signed);
  }

  #key(keyUrl: string, signature: string): Promise<CryptoKey> {
    let key = this.#keys.get(keyUrl);
    if (key === undefined) {
      if (this.#keys.size >= MAX_CACHED_KEYS) this.#keys.delete(this.#keys.keys().next().value!);
      key = (this.options.fetchKey ?? fetchPublicKey)(keyUrl, signature).then((pem) => importSPKI(pem, 'RS256'));
      this.#keys.set(keyUrl, key);
      key.catch(() => this.#keys.delete(keyUrl));
    }
    return key;
  }
}
