/**
 * Identifiers in the platform's shapes: entity, segment and connector ids are 24 hex characters
 * (Mongo ObjectId shape). Entity ids come from per-kind counters so seeded data is reproducible.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Fixed connector id of the sandbox organization. */
export const SANDBOX_CONNECTOR_ID = '5a4db0c0ffee5a4db0c0ffee';

const KIND_PREFIX = { user: '5a000001', account: '5a000002' } as const;

export type EntityKind = keyof typeof KIND_PREFIX;

export function sequentialId(kind: EntityKind, sequence: number): string {
  return `${KIND_PREFIX[kind]}${sequence.toString(16).padStart(16, '0')}`;
}

/** Stable id for a named thing (seeded segments): same name, same id, every run. */
export function stableId(name: string): string {
  return createHash('sha1').update(name).digest('hex').slice(0, 24);
}

export function randomHexId(): string {
  return randomBytes(12).toString('hex');
}

export function isHexId(value: string): boolean {
  return /^[0-9a-f]{24}$/i.test(value);
}
