/**
 * The per-message "acting as" token (../shared/hull-platform.md §1.2): HS256 with the connector
 * secret, `iss` = connector id, the subject in `io.hull.asUser` / `io.hull.asAccount`.
 */
import { signHs256, type JwtPayload } from './jwt';
import type { AccountClaims, UserClaims } from './claims';

export interface EntitySubject {
  asUser?: UserClaims;
  asAccount?: AccountClaims;
  subjectType: 'user' | 'account';
  /** false = look up only, never create. Hull's default is true. */
  create?: boolean;
}

export function entityToken(connectorId: string, secret: string, subject: EntitySubject, nowSeconds: number): string {
  const payload: JwtPayload = {
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
  return signHs256(payload, secret);
}
