/**
 * The activations' own database (ACTIVATIONS_DATABASE_URL, PostgreSQL): definitions made through the
 * API, the diff state (per row: the hash of what was last written, the per-field fingerprint and the
 * Intercom id), the per-record results of every run (kept ACTIVATION_RECORDS_RETENTION_DAYS), what
 * is known of Intercom records archived or deleted, and uploaded source files. Every statement is a
 * single one (no session state, no transactions spanning calls), so a retried activity can repeat any
 * of them, and a pool of short connections serves the API and every worker.
 *
 * Sized for millions of rows: every lookup is by primary key for one page of keys at a time, writes
 * are one statement per page (`unnest` of arrays), and nothing is ever loaded whole.
 */
import { Pool, type PoolConfig } from 'pg';
import type { ActivationRecord, RecordStatus } from '../shared/activations';
import type { ObjectStatus, RowState } from '../sync/activations/plan';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS activation_definitions (
  connector_id text NOT NULL,
  name text NOT NULL,
  definition jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector_id, name)
);
CREATE TABLE IF NOT EXISTS activation_row_state (
  activation text NOT NULL,
  row_key text NOT NULL,
  status text NOT NULL,
  hash text,
  fingerprint jsonb,
  intercom_id text,
  identity text,
  pending_hash text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activation, row_key)
);
CREATE TABLE IF NOT EXISTS activation_records (
  activation text NOT NULL,
  run_id text NOT NULL,
  row_key text NOT NULL,
  line integer NOT NULL,
  status text NOT NULL,
  action text NOT NULL,
  reason text,
  error_code text,
  error_message text,
  intercom_id text,
  diff jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (activation, run_id, row_key)
);
CREATE INDEX IF NOT EXISTS activation_records_by_status ON activation_records (activation, run_id, status, line);
CREATE INDEX IF NOT EXISTS activation_records_by_time ON activation_records (at);
CREATE TABLE IF NOT EXISTS intercom_object_status (
  connector_id text NOT NULL,
  object text NOT NULL,
  intercom_id text NOT NULL,
  status text NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (connector_id, object, intercom_id)
);
CREATE TABLE IF NOT EXISTS intercom_connection (
  connector_id text PRIMARY KEY,
  sealed_token text NOT NULL,
  workspace_id text NOT NULL,
  workspace_name text,
  region text,
  api_url text NOT NULL,
  connected_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS activation_uploads (
  activation text NOT NULL,
  line integer NOT NULL,
  record jsonb,
  problem text,
  PRIMARY KEY (activation, line)
);
`;

/** The workspace an operator connected through OAuth, with its token sealed. */
export interface StoredIntercomConnection {
  sealedToken: string;
  workspaceId: string;
  workspaceName: string | null;
  region: string | null;
  /** The API host the workspace's region answers on (or INTERCOM_API_URL when configured). */
  apiUrl: string;
  connectedAt?: string;
}

export interface StoredDefinition {
  name: string;
  definition: unknown;
  updatedAt: string;
}

export interface RecordQuery {
  status?: RecordStatus;
  /** Records after this line (pages through a run's records in line order). */
  afterLine?: number;
  limit: number;
}

export class ActivationStore {
  readonly #pool: Pool;
  #ready: Promise<void> | undefined;

  constructor(
    readonly connectorId: string,
    config: PoolConfig,
    readonly retentionDays = 14,
  ) {
    this.#pool = new Pool({ max: 5, idleTimeoutMillis: 10_000, ...config });
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    this.#pool.on('error', () => undefined);
  }

  /** Creates the tables once per process (idempotent; an advisory lock keeps two processes from racing). */
  ready(): Promise<void> {
    this.#ready ??= this.#pool
      .query(`SELECT pg_advisory_lock(4471001); ${SCHEMA} SELECT pg_advisory_unlock(4471001);`)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.#ready = undefined;
        throw error;
      });
    return this.#ready;
  }

  async #query<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
    await this.ready();
    return (await this.#pool.query<T>(text, values)).rows;
  }

  /** The tenant-scoped key rows are stored under. */
  activationKey = (name: string): string => `${this.connectorId}/${name}`;

  close(): Promise<void> {
    return this.#pool.end();
  }

  // ---- the Intercom OAuth connection (its token sealed: config/sealed.ts) ------------------------

  async saveIntercomConnection(connection: StoredIntercomConnection): Promise<void> {
    await this.#query(
      `INSERT INTO intercom_connection (connector_id, sealed_token, workspace_id, workspace_name, region, api_url, connected_at)
       VALUES ($1, $2, $3, $4, $5, $6, now())
       ON CONFLICT (connector_id) DO UPDATE SET sealed_token = $2, workspace_id = $3, workspace_name = $4, region = $5,
         api_url = $6, connected_at = now()`,
      [
        this.connectorId,
        connection.sealedToken,
        connection.workspaceId,
        connection.workspaceName,
        connection.region,
        connection.apiUrl,
      ],
    );
  }

  async intercomConnection(): Promise<StoredIntercomConnection | undefined> {
    const [row] = await this.#query<{
      sealed_token: string;
      workspace_id: string;
      workspace_name: string | null;
      region: string | null;
      api_url: string;
      connected_at: Date;
    }>('SELECT * FROM intercom_connection WHERE connector_id = $1', [this.connectorId]);
    return row === undefined
      ? undefined
      : {
          sealedToken: row.sealed_token,
          workspaceId: row.workspace_id,
          workspaceName: row.workspace_name,
          region: row.region,
          apiUrl: row.api_url,
          connectedAt: row.connected_at.toISOString(),
        };
  }

  // ---- definitions (made through the API) -------------------------------------------------------

  async listDefinitions(): Promise<StoredDefinition[]> {
    const rows = await this.#query<{ name: string; definition: unknown; updated_at: Date }>(
      'SELECT name, definition, updated_at FROM activation_definitions WHERE connector_id = $1 ORDER BY name',
      [this.connectorId],
    );
    return rows.map((row) => ({ name: row.name, definition: row.definition, updatedAt: row.updated_at.toISOString() }));
  }

  async getDefinition(name: string): Promise<StoredDefinition | undefined> {
    return (await this.listDefinitions()).find((stored) => stored.name === name);
  }

  /** Creates (`onlyIfNew`) or replaces a definition; false when `onlyIfNew` and it exists. */
  async putDefinition(name: string, definition: unknown, onlyIfNew: boolean): Promise<boolean> {
    const rows = await this.#query(
      `INSERT INTO activation_definitions (connector_id, name, definition) VALUES ($1, $2, $3)
       ON CONFLICT (connector_id, name) DO ${onlyIfNew ? 'NOTHING' : 'UPDATE SET definition = excluded.definition, updated_at = now()'}
       RETURNING name`,
      [this.connectorId, name, JSON.stringify(definition)],
    );
    return rows.length > 0;
  }

  async deleteDefinition(name: string): Promise<boolean> {
    const rows = await this.#query(
      'DELETE FROM activation_definitions WHERE connector_id = $1 AND name = $2 RETURNING name',
      [this.connectorId, name],
    );
    return rows.length > 0;
  }

  // ---- diff state -------------------------------------------------------------------------------

  async loadStates(name: string, keys: string[]): Promise<Map<string, RowState>> {
    const states = new Map<string, RowState>();
    if (keys.length === 0) return states;
    const rows = await this.#query<{
      row_key: string;
      status: RowState['status'];
      hash: string | null;
      fingerprint: Record<string, string> | null;
      intercom_id: string | null;
      identity: string | null;
      pending_hash: string | null;
    }>(
      `SELECT row_key, status, hash, fingerprint, intercom_id, identity, pending_hash
       FROM activation_row_state WHERE activation = $1 AND row_key = ANY($2::text[])`,
      [this.activationKey(name), keys],
    );
    for (const row of rows) {
      states.set(row.row_key, {
        status: row.status,
        hash: row.hash ?? undefined,
        fingerprint: row.fingerprint ?? undefined,
        intercomId: row.intercom_id ?? undefined,
        identity: row.identity ?? undefined,
        pendingHash: row.pending_hash ?? undefined,
      });
    }
    return states;
  }

  /** Marks writes as in flight (their hash), keeping what was last written, before they are sent. */
  async markPending(name: string, rows: Array<{ key: string; hash: string }>): Promise<void> {
    if (rows.length === 0) return;
    await this.#query(
      `INSERT INTO activation_row_state (activation, row_key, status, pending_hash)
       SELECT $1, k, 'pending', h FROM unnest($2::text[], $3::text[]) AS t(k, h)
       ON CONFLICT (activation, row_key) DO UPDATE SET pending_hash = excluded.pending_hash, updated_at = now()`,
      [this.activationKey(name), rows.map((row) => row.key), rows.map((row) => row.hash)],
    );
  }

  /** Stores the state of rows after their write (or failure); clears their pending mark. */
  async saveStates(name: string, rows: Array<{ key: string; state: RowState }>): Promise<void> {
    if (rows.length === 0) return;
    const column = <T>(pick: (state: RowState) => T) => rows.map((row) => pick(row.state));
    await this.#query(
      `INSERT INTO activation_row_state (activation, row_key, status, hash, fingerprint, intercom_id, identity, pending_hash)
       SELECT $1, k, s, h, f::jsonb, i, d, NULL
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(k, s, h, f, i, d)
       ON CONFLICT (activation, row_key) DO UPDATE SET
         status = excluded.status,
         hash = CASE WHEN excluded.status = 'written' THEN excluded.hash ELSE activation_row_state.hash END,
         fingerprint = CASE WHEN excluded.status = 'written' THEN excluded.fingerprint ELSE activation_row_state.fingerprint END,
         intercom_id = COALESCE(excluded.intercom_id, activation_row_state.intercom_id),
         identity = CASE WHEN excluded.status = 'written' THEN excluded.identity ELSE activation_row_state.identity END,
         pending_hash = NULL,
         updated_at = now()`,
      [
        this.activationKey(name),
        rows.map((row) => row.key),
        column((state) => state.status),
        column((state) => state.hash ?? null),
        column((state) => (state.fingerprint === undefined ? null : JSON.stringify(state.fingerprint))),
        column((state) => state.intercomId ?? null),
        column((state) => state.identity ?? null),
      ],
    );
  }

  /** Forgets the Intercom id remembered for rows (the record was deleted long enough ago to be gone). */
  async forgetIntercomIds(name: string, keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.#query(
      `UPDATE activation_row_state SET intercom_id = NULL, hash = NULL, fingerprint = NULL, identity = NULL
       WHERE activation = $1 AND row_key = ANY($2::text[])`,
      [this.activationKey(name), keys],
    );
  }

  /** How many rows of an activation failed on their last attempt (re-drivable). */
  async failedRowCount(name: string): Promise<number> {
    const [row] = await this.#query<{ count: string }>(
      `SELECT count(*) FROM activation_row_state WHERE activation = $1 AND status = 'failed'`,
      [this.activationKey(name)],
    );
    return Number(row?.count ?? 0);
  }

  // ---- what is known of archived and deleted Intercom records ----------------------------------

  async objectStatuses(object: 'contact' | 'company', ids: string[]): Promise<Map<string, ObjectStatus>> {
    const statuses = new Map<string, ObjectStatus>();
    if (ids.length === 0) return statuses;
    const rows = await this.#query<{ intercom_id: string; status: ObjectStatus['status']; since: Date }>(
      `SELECT intercom_id, status, since FROM intercom_object_status
       WHERE connector_id = $1 AND object = $2 AND intercom_id = ANY($3::text[])`,
      [this.connectorId, object, ids],
    );
    for (const row of rows) statuses.set(row.intercom_id, { status: row.status, since: row.since.toISOString() });
    return statuses;
  }

  /** Records that a record was archived or seen deleted (the first sighting's time is kept). */
  async setObjectStatus(object: 'contact' | 'company', id: string, status: ObjectStatus['status']): Promise<void> {
    await this.#query(
      `INSERT INTO intercom_object_status (connector_id, object, intercom_id, status) VALUES ($1, $2, $3, $4)
       ON CONFLICT (connector_id, object, intercom_id) DO UPDATE SET status = excluded.status,
         since = CASE WHEN intercom_object_status.status = excluded.status THEN intercom_object_status.since ELSE now() END`,
      [this.connectorId, object, id, status],
    );
  }

  // ---- per-record results -----------------------------------------------------------------------

  /** Stores a page's records (a retried page overwrites its own, never duplicates them). */
  async saveRecords(name: string, runId: string, records: ActivationRecord[]): Promise<void> {
    if (records.length === 0) return;
    const pick = <T>(get: (record: ActivationRecord) => T) => records.map(get);
    await this.#query(
      `INSERT INTO activation_records (activation, run_id, row_key, line, status, action, reason, error_code, error_message, intercom_id, diff)
       SELECT $1, $2, k, l, s, a, r, c, m, i, d::jsonb
       FROM unnest($3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
         AS t(k, l, s, a, r, c, m, i, d)
       ON CONFLICT (activation, run_id, row_key) DO UPDATE SET line = excluded.line, status = excluded.status,
         action = excluded.action, reason = excluded.reason, error_code = excluded.error_code,
         error_message = excluded.error_message, intercom_id = excluded.intercom_id, diff = excluded.diff, at = now()`,
      [
        this.activationKey(name),
        runId,
        pick((r) => r.key),
        pick((r) => r.line),
        pick((r) => r.status),
        pick((r) => r.action),
        pick((r) => r.reason ?? null),
        pick((r) => r.errorCode ?? null),
        pick((r) => r.errorMessage ?? null),
        pick((r) => r.intercomId ?? null),
        pick((r) => (r.diff === undefined ? null : JSON.stringify(r.diff))),
      ],
    );
  }

  async listRecords(name: string, runId: string, query: RecordQuery): Promise<ActivationRecord[]> {
    const rows = await this.#query<{
      row_key: string;
      line: number;
      status: RecordStatus;
      action: ActivationRecord['action'];
      reason: string | null;
      error_code: string | null;
      error_message: string | null;
      intercom_id: string | null;
      diff: Record<string, unknown> | null;
      at: Date;
    }>(
      `SELECT row_key, line, status, action, reason, error_code, error_message, intercom_id, diff, at
       FROM activation_records
       WHERE activation = $1 AND run_id = $2 AND ($3::text IS NULL OR status = $3) AND line > $4
       ORDER BY line, row_key LIMIT $5`,
      [this.activationKey(name), runId, query.status ?? null, query.afterLine ?? -1, query.limit],
    );
    return rows.map((row) => ({
      key: row.row_key,
      line: row.line,
      status: row.status,
      action: row.action,
      ...(row.reason === null ? {} : { reason: row.reason }),
      ...(row.error_code === null ? {} : { errorCode: row.error_code }),
      ...(row.error_message === null ? {} : { errorMessage: row.error_message }),
      ...(row.intercom_id === null ? {} : { intercomId: row.intercom_id }),
      ...(row.diff === null ? {} : { diff: row.diff }),
      at: row.at.toISOString(),
    }));
  }

  async recordCounts(name: string, runId: string): Promise<Partial<Record<RecordStatus, number>>> {
    const rows = await this.#query<{ status: RecordStatus; count: string }>(
      'SELECT status, count(*) FROM activation_records WHERE activation = $1 AND run_id = $2 GROUP BY status',
      [this.activationKey(name), runId],
    );
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
  }

  /** Deletes records older than the retention (every run start calls it). */
  async purgeExpiredRecords(): Promise<number> {
    const rows = await this.#query(
      `DELETE FROM activation_records WHERE at < now() - make_interval(days => $1) RETURNING 1`,
      [this.retentionDays],
    );
    return rows.length;
  }

  // ---- uploaded source files --------------------------------------------------------------------

  /** Replaces an activation's uploaded rows: call `begin`, then `append` batches in line order. */
  async clearUpload(name: string): Promise<void> {
    await this.#query('DELETE FROM activation_uploads WHERE activation = $1', [this.activationKey(name)]);
  }

  async appendUpload(
    name: string,
    rows: Array<{ line: number; record?: Record<string, unknown>; problem?: string }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.#query(
      `INSERT INTO activation_uploads (activation, line, record, problem)
       SELECT $1, l, r::jsonb, p FROM unnest($2::int[], $3::text[], $4::text[]) AS t(l, r, p)
       ON CONFLICT (activation, line) DO UPDATE SET record = excluded.record, problem = excluded.problem`,
      [
        this.activationKey(name),
        rows.map((row) => row.line),
        rows.map((row) => (row.record === undefined ? null : JSON.stringify(row.record))),
        rows.map((row) => row.problem ?? null),
      ],
    );
  }

  async readUpload(
    name: string,
    afterLine: number,
    limit: number,
  ): Promise<Array<{ line: number; record: Record<string, unknown> | null; problem: string | null }>> {
    return this.#query(
      `SELECT line, record, problem FROM activation_uploads WHERE activation = $1 AND line > $2 ORDER BY line LIMIT $3`,
      [this.activationKey(name), afterLine, limit],
    );
  }

  async uploadSize(name: string): Promise<number> {
    const [row] = await this.#query<{ count: string }>(
      'SELECT count(*) FROM activation_uploads WHERE activation = $1',
      [this.activationKey(name)],
    );
    return Number(row?.count ?? 0);
  }
}
