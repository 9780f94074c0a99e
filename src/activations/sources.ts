/**
 * Reads one page of an activation's source, from a cursor, with memory bounded by the page size:
 *
 * - PostgreSQL: keyset pages of the query (`SELECT * FROM (<query>) WHERE <key> > $after ORDER BY
 *   <key> LIMIT n`), so a page can be read again by any worker after a restart; the cursor is the
 *   last key. An index on the key column keeps each page an index range scan.
 * - CSV and NDJSON files: streamed from the byte offset where the previous page stopped; a malformed
 *   line is one item with its problem, and reading goes on after it.
 * - Uploads: the rows the API stored (already split into records), after a line number.
 *
 * A source problem that concerns every row (a query Postgres refuses, a mapped column the source
 * does not have, a file that is not there) is a SourceError: the run fails with its reason.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { parse } from 'csv-parse';
import { Pool, type DatabaseError } from 'pg';
import type { SourceCursor } from '../shared/activations';
import type { ActivationDefinition } from '../sync/activations/definition';
import { asText, type SourceItem } from '../sync/activations/rows';
import type { ActivationStore } from './store';

/** A problem with the source as a whole; `retryable` when trying again later may help (a connection refused). */
export class SourceError extends Error {
  override name = 'ActivationSourceError';
  constructor(
    message: string,
    readonly retryable = false,
  ) {
    super(message);
  }
}

export interface SourcePage {
  items: SourceItem[];
  /** Columns the source has (undefined when it cannot tell, e.g. NDJSON objects). */
  columns?: string[];
  next?: SourceCursor;
}

export const firstCursor = (definition: ActivationDefinition): SourceCursor => {
  switch (definition.source.kind) {
    case 'postgres':
      return { kind: 'key' };
    case 'upload':
      return { kind: 'line', after: 0 };
    default:
      return { kind: 'offset', offset: 0, line: 0 };
  }
};

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;
/** A query as written by a person: a trailing semicolon would end the subquery it is wrapped in. */
const bareQuery = (query: string): string => query.trim().replace(/;\s*$/, '');

/** SQLSTATE classes that mean the connection, not the query, failed: worth retrying. */
const isConnectionProblem = (error: unknown): boolean => {
  const code = (error as Partial<DatabaseError>).code ?? '';
  return /^(08|53|57P|ECONN|ENOTFOUND|ETIMEDOUT)/.test(code) || (error as Error).message?.includes('ECONNREFUSED');
};

export class ActivationSources {
  readonly #pools = new Map<string, Pool>();

  constructor(
    private readonly store: ActivationStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  #pool(envName: string): Pool {
    const url = this.env[envName];
    if (url === undefined || url === '') {
      throw new SourceError(
        `the source's connection_env ${envName} is not set on the worker (it holds the PostgreSQL URL)`,
      );
    }
    let pool = this.#pools.get(envName);
    if (pool === undefined) {
      pool = new Pool({ connectionString: url, max: 3, idleTimeoutMillis: 10_000 });
      pool.on('error', () => undefined);
      this.#pools.set(envName, pool);
    }
    return pool;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#pools.values()].map((pool) => pool.end()));
    this.#pools.clear();
  }

  /** Rows in the source, when it can say cheaply (PostgreSQL: a count of the query; uploads: stored rows). */
  async total(definition: ActivationDefinition): Promise<number | undefined> {
    const { source } = definition;
    if (source.kind === 'upload') return this.store.uploadSize(definition.name);
    if (source.kind !== 'postgres') return undefined;
    const rows = await this.#sql<{ count: string }>(
      source.connection_env,
      `SELECT count(*) AS count FROM (${bareQuery(source.query)}) AS activation_source`,
      [],
    );
    return Number(rows.rows[0]?.count ?? 0);
  }

  async #sql<T extends object>(envName: string, text: string, values: unknown[]) {
    try {
      return await this.#pool(envName).query<T>(text, values);
    } catch (error) {
      if (error instanceof SourceError) throw error;
      const retryable = isConnectionProblem(error);
      throw new SourceError(`the source query failed: ${(error as Error).message}`, retryable);
    }
  }

  async readPage(definition: ActivationDefinition, cursor: SourceCursor, keyColumn: string): Promise<SourcePage> {
    const limit = definition.page_size;
    const { source } = definition;
    switch (source.kind) {
      case 'postgres': {
        const after = cursor.kind === 'key' ? cursor.after : undefined;
        const key = `activation_source.${quoteIdentifier(keyColumn)}`;
        const result = await this.#sql<Record<string, unknown>>(
          source.connection_env,
          `SELECT * FROM (${bareQuery(source.query)}) AS activation_source` +
            (after === undefined ? '' : ` WHERE ${key} > $1`) +
            ` ORDER BY ${key} LIMIT ${limit}`,
          after === undefined ? [] : [after],
        );
        const columns = result.fields.map((field) => field.name);
        if (!columns.includes(keyColumn)) {
          throw new SourceError(
            `the key column "${keyColumn}" is not in the query's result (columns: ${columns.join(', ')})`,
          );
        }
        // A query's "line" is the row's position in key order (1 = the first row of the run).
        const position = cursor.kind === 'key' ? (cursor.position ?? 0) : 0;
        const items = result.rows.map((values, index) => ({ line: position + index + 1, values }));
        const last = result.rows[result.rows.length - 1];
        const next: SourceCursor | undefined =
          result.rows.length < limit || last === undefined
            ? undefined
            : { kind: 'key', after: keyText(last[keyColumn]), position: position + result.rows.length };
        return { items, columns, next };
      }
      case 'upload': {
        const after = cursor.kind === 'line' ? cursor.after : 0;
        const rows = await this.store.readUpload(definition.name, after, limit);
        const items: SourceItem[] = rows.map((row) =>
          row.problem !== null || row.record === null
            ? { line: row.line, problem: `line ${row.line}: ${row.problem ?? 'unreadable'}` }
            : { line: row.line, values: row.record },
        );
        const last = rows[rows.length - 1];
        return {
          items,
          columns: source.format === 'csv' && rows[0]?.record ? Object.keys(rows[0].record) : undefined,
          next: rows.length < limit || last === undefined ? undefined : { kind: 'line', after: last.line },
        };
      }
      case 'csv':
      case 'ndjson': {
        const position = cursor.kind === 'offset' ? cursor : { offset: 0, line: 0 };
        await fileExists(source.path);
        return source.kind === 'csv'
          ? readCsvPage(source.path, position, limit)
          : readNdjsonPage(source.path, position, limit);
      }
    }
  }
}

/** A key as the cursor keeps it: text Postgres casts back to the key column's type. */
const keyText = (value: unknown): string => asText(value);

async function fileExists(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new SourceError(`the source file ${path} is not a file`);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(`the source file ${path} cannot be read (${(error as NodeJS.ErrnoException).code})`);
  }
}

const csvOptions = {
  bom: true,
  info: true,
  relax_quotes: true,
  skip_empty_lines: true,
  skip_records_with_error: true,
} as const;

/** The header record of a CSV file (its first record). */
async function csvHeader(path: string): Promise<{ columns: string[]; bytes: number; lines: number }> {
  const parser = createReadStream(path).pipe(parse({ ...csvOptions, to: 1 }));
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { bytes: number; lines: number } }>) {
    parser.destroy();
    return { columns: item.record.map((column) => column.trim()), bytes: item.info.bytes, lines: item.info.lines };
  }
  throw new SourceError(`the source file ${path} is empty: a CSV source needs a header line naming its columns`);
}

/** One page of CSV records from a byte offset; a malformed record is reported with its line and reading goes on. */
export async function readCsvPage(
  path: string,
  position: { offset: number; line: number },
  limit: number,
): Promise<SourcePage> {
  const header = await csvHeader(path);
  let { offset, line } = position;
  if (offset === 0) {
    offset = header.bytes;
    line = header.lines;
  }
  const items: SourceItem[] = [];
  const stream = createReadStream(path, { start: offset });
  const parser = parse({ ...csvOptions, columns: header.columns });
  let consumedBytes = 0;
  let consumedLines = 0;
  let full = false;
  await new Promise<void>((resolve, reject) => {
    parser.on('data', (item: { record: Record<string, string>; info: { bytes: number; lines: number } }) => {
      if (full) return;
      items.push({ line: line + consumedLines + 1, values: item.record });
      consumedBytes = item.info.bytes;
      consumedLines = item.info.lines;
      if (items.length >= limit) finish();
    });
    parser.on('skip', (error: Error & { lines?: number }) => {
      if (full) return;
      const badLine = line + consumedLines + 1;
      const reason = error.message.replace(/ (at|on) line \d+/, '');
      items.push({ line: badLine, problem: `line ${badLine}: malformed CSV: ${reason}` });
      consumedBytes = parser.info.bytes;
      consumedLines = error.lines ?? parser.info.lines;
      if (items.length >= limit) finish();
    });
    parser.on('end', () => resolve());
    parser.on('error', (error) =>
      full ? resolve() : reject(new SourceError(`the CSV file ${path}: ${error.message}`)),
    );
    stream.on('error', (error) => reject(new SourceError(`the CSV file ${path}: ${error.message}`)));
    function finish() {
      full = true;
      stream.unpipe(parser);
      stream.destroy();
      resolve();
    }
    stream.pipe(parser);
  });
  return {
    items,
    columns: header.columns,
    next: full ? { kind: 'offset', offset: offset + consumedBytes, line: line + consumedLines } : undefined,
  };
}

const NEWLINE = 0x0a;

/** One page of NDJSON lines from a byte offset: each line one JSON object; a line that is not one is reported. */
export async function readNdjsonPage(
  path: string,
  position: { offset: number; line: number },
  limit: number,
): Promise<SourcePage> {
  const items: SourceItem[] = [];
  let { offset, line } = position;
  let pending: Buffer = Buffer.alloc(0);
  const stream = createReadStream(path, { start: offset });
  let full = false;
  const take = (bytes: Buffer, length: number) => {
    line += 1;
    offset += length;
    const text = bytes.toString('utf8').trim();
    if (text === '') return;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        items.push({ line, problem: `line ${line}: not a JSON object` });
      } else items.push({ line, values: value as Record<string, unknown> });
    } catch (error) {
      items.push({ line, problem: `line ${line}: invalid JSON: ${(error as Error).message}` });
    }
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let index = pending.indexOf(NEWLINE, start); index !== -1; index = pending.indexOf(NEWLINE, start)) {
      take(pending.subarray(start, index), index - start + 1);
      start = index + 1;
      if (items.length >= limit) {
        full = true;
        break;
      }
    }
    pending = pending.subarray(start);
    if (full) break;
  }
  stream.destroy();
  if (!full && pending.length > 0) take(pending, pending.length);
  return { items, next: full ? { kind: 'offset', offset, line } : undefined };
}
