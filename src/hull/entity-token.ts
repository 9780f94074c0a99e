/**
 * The per-message "acting as" token Hull's firehose reads from each message's `Hull-Access-Token`:
 * an HS256 JWT keyed with the connector secret (as UTF-8), `iss` = connector id, `iat` in Unix
 * seconds, the subject's claims in `io.hull.asUser` / `io.hull.asAccount`, `io.hull.subjectType`
 * `user` or `account`, and `sub` = the Hull id when the subject is given by id. Signed with `jose`.
 */
import { SignJWT, type JWTPayload } from 'jose';
import type { AccountClaims, UserClaims } from './claims';

export interface EntitySubject {
  asUser?: UserClaims;
  asAccount?: AccountClaims;
  subjectType: 'user' | 'account';
  /** false = look up only, never create. Hull's default is true. */
  create?: boolean;
}

export function entityToken(
  connectorId: string,
  secret: string,
  subject: EntitySubject,
  nowSeconds: number,
): Promise<string> {
  const payload: JWTPayload = {
    iss: connectorId,
    iat: Math.floor(nowSeconds),
    'io.hull.subjectType': subject.subjectType,
  };
  if (subject.asUser && Object.keys(subject.asUser).length > 0) {
    payload['io.hull.asUser'] = subject.asUser;
    if (subject.asUser.id !== undefined) payload.sub = subject.asUser.id;
  }
  if (subject.asAccount && Object.keys(subject.asAccount).length > 0) {
    payload['io.hull.asAccount'] = subject.asAccount;
    if (subject.subjectType === 'account' && subject.asAccount.id !== undefined) payload.sub = subject.asAccount.id;
  }
  if (subject.create !== undefined) payload['io.hull.create'] = subject.create;
  return new SignJWT(payload).setProtectedHeader({ typ: 'JWT', alg: 'HS256' }).sign(new TextEncoder().encode(secret));
}
