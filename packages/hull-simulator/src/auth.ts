/**
 * Request-level credentials for REST and the firehose: `Hull-App-Id` must be the
 * connector id and `Hull-Access-Token` the connector secret — or, for a scoped client calling REST,
 * an HS256 token signed with that secret and issued by the connector. The discouraged
 * `app_id` / `access_token` query parameters are accepted too. Any failure is a 401.
 */
import { JwtError, verifyHs256 } from './jwt';
import type { ConnectorState } from './connector';

export interface CredentialSource {
  headers: Record<string, string | string[] | undefined>;
  query: unknown;
}

function firstValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return firstValue(value[0]);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function queryValue(query: unknown, key: string): string | undefined {
  return query !== null && typeof query === 'object' ? firstValue((query as Record<string, unknown>)[key]) : undefined;
}

/** Why the request is not authenticated, or undefined when it is. */
export function credentialProblem(
  request: CredentialSource,
  connector: ConnectorState,
  nowSeconds: number,
): string | undefined {
  const appId = firstValue(request.headers['hull-app-id']) ?? queryValue(request.query, 'app_id');
  const token = firstValue(request.headers['hull-access-token']) ?? queryValue(request.query, 'access_token');
  if (appId === undefined) return 'missing Hull-App-Id header';
  if (appId !== connector.id) return `unknown connector ${appId}`;
  if (token === undefined) return 'missing Hull-Access-Token header';
  if (token === connector.secret) return undefined;
  try {
    const claims = verifyHs256(token, connector.secret, nowSeconds);
    return claims.iss === connector.id ? undefined : 'Hull-Access-Token was not issued by this connector';
  } catch (error) {
    if (error instanceof JwtError) return 'invalid Hull-Access-Token';
    throw error;
  }
}
