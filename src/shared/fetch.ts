/**
 * What the fetch workflows and their activities exchange: entities, modes, cursors, page results and
 * run progress (its one definition, with its schema, is run-progress.ts). Plain data.
 */
import type { FetchProgress } from './run-progress';

export type { FetchProgress };
export type ContactEntity = 'users' | 'leads';
export type FetchEntity = ContactEntity | 'companies';

export const FETCH_ENTITIES: readonly FetchEntity[] = ['users', 'leads', 'companies'];

export const roleOf = (entity: ContactEntity): 'user' | 'lead' => (entity === 'users' ? 'user' : 'lead');

/** Full fetch, or everything whose `field` is at or after `watermark` (Unix seconds). */
export type FetchMode = { kind: 'all' } | { kind: 'since'; watermark: number; field: 'updated_at' | 'last_seen_at' };

export type CompanyCursor = { kind: 'scroll'; scrollParam?: string } | { kind: 'list'; page: number };

/** What a page counted, and a run sums. */
interface FetchCounts {
  fetched: number;
  written: number;
  skipped: number;
  requests: number;
  /** Intercom's total for the query, when it reports one (for progress estimates). */
  total?: number;
  rate?: { limit: number; remaining: number };
}

export interface PageResult<Cursor> extends FetchCounts {
  /** Where the next page starts; undefined when the run is complete. */
  next?: Cursor;
  /** Something an operator should know about this page (e.g. a fallback was taken). */
  note?: string;
}
