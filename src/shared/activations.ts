/**
 * What the activation run workflow and its activities exchange: the run's input (the definition is a
 * snapshot taken when the run starts, so an edit never changes a run half-way), the source cursor,
 * one page's counts, and the run's progress. Rows never pass through here: a page activity reads
 * them, writes them and returns the cursor and counts. Types only.
 */
import type { ActivationDefinition } from '../sync/activations/definition';

/** Where the next page of a source starts. Carried in history and continue-as-new arguments. */
export type SourceCursor =
  /** PostgreSQL: rows after this key, in key order (keyset pages). */
  | { kind: 'key'; after?: string; position?: number }
  /** CSV / NDJSON files: the next record's byte offset and line number. */
  | { kind: 'offset'; offset: number; line: number }
  /** Uploaded files: rows after this line. */
  | { kind: 'line'; after: number };

export type RecordStatus = 'written' | 'planned' | 'unchanged' | 'skipped' | 'failed';
export type RecordAction = 'create' | 'update' | 'delete' | 'archive' | 'tag' | 'untag' | 'none';

export const RECORD_STATUSES: readonly RecordStatus[] = ['written', 'planned', 'unchanged', 'skipped', 'failed'];

/** One row's outcome in one run (GET /activations/<name>/runs/<id>/records). */
export interface ActivationRecord {
  key: string;
  line: number;
  status: RecordStatus;
  action: RecordAction;
  /** Why it was skipped or failed, or a note on what was written. */
  reason?: string;
  /** Intercom's error code and message when Intercom refused the write. */
  errorCode?: string;
  errorMessage?: string;
  intercomId?: string;
  /** The fields written, or in a dry run `{field: {from, to}}` against Intercom's current values. */
  diff?: Record<string, unknown>;
  at: string;
}

/** The run id a schedule starts runs with: each run's id is then its workflow id's last segment. */
export const SCHEDULED_RUN_ID = 'scheduled';

export interface ActivationRunInput {
  activation: ActivationDefinition;
  /** The run's id (the workflow id's last segment): records are kept under it. */
  runId: string;
  dryRun: boolean;
  /** Only rows that failed in earlier runs (a re-drive). */
  retryFailedOnly: boolean;
  /** Set when continuing as new mid-run. */
  cursor?: SourceCursor;
  progress?: ActivationProgress;
}

export interface ActivationPageInput {
  activation: ActivationDefinition;
  runId: string;
  dryRun: boolean;
  retryFailedOnly: boolean;
  /** Undefined for the first page. */
  cursor?: SourceCursor;
}

/** What one page counted. */
export interface ActivationCounts {
  read: number;
  written: number;
  planned: number;
  unchanged: number;
  skipped: number;
  /** Rows that failed (the run's own failure, if any, is `ActivationProgress.failed`). */
  rowsFailed: number;
  requests: number;
}

export interface ActivationPageResult extends ActivationCounts {
  next?: SourceCursor;
  rate?: { limit: number; remaining: number };
  notes: string[];
}

/**
 * A run's progress: the same conventions as a fetch run's (memo `progress`, the current-details line,
 * `HullIntercomStatus`), read by GET /runs/<id> and GET /activations/<name>/runs/<id>.
 */
export interface ActivationProgress extends ActivationCounts {
  activation: string;
  object: ActivationDefinition['object'];
  behaviour: ActivationDefinition['behaviour'];
  runId: string;
  dryRun: boolean;
  startedAt: string;
  pages: number;
  /** Rows in the source, when the source can tell (PostgreSQL counts them at the start). */
  total?: number;
  rowsPerSecond?: number;
  estimatedSecondsLeft?: number;
  rate?: { limit: number; remaining: number };
  notes: string[];
  done: boolean;
  /** Why the run failed, when it did. */
  failed?: string;
}

/** Counted at the start of a run. */
export interface ActivationRunStart {
  total?: number;
  notes: string[];
}
