import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { WorkflowNotFoundError } from '@temporalio/client';
import { parse } from 'csv-parse';
import { z } from 'zod';
import { asText } from '../../sync/activations/rows';
import type { ActivationStore } from '../../activations/store';
import type { ActivationRecord } from '../../shared/activations';
import { SYNC_ENTITY, SYNC_KIND } from '../../shared/search-attributes';
import { workflowIds } from '../../shared/workflow-ids';
import { WORKFLOW_TYPES } from '../../shared/workflow-types';
import type { activationRunWorkflow } from '../../workflows';
import { ensureActivationSchedule } from '../../temporal/activation-schedules';
import { describeFailure } from '../../shared/failures';
import { findActivation, listActivations, validateDefinition, viewOf } from '../activation-catalog';
import type { ApiContext } from '../context';
import { OPERATOR_SECURITY } from '../operator-auth';
import { HttpProblem, problemResponses } from '../problem';
import {
  activationDefinitionBody,
  activationListSchema,
  activationNameParams,
  activationRunParams,
  activationView,
  recordPageSchema,
  recordsQuery,
  runLinksSchema,
  runListSchema,
  runSummarySchema,
  startRunQuery,
  storedActivationSchema,
  uploadStoredSchema,
} from '../schemas/activations';
import type { Api } from '../types';

/** Rows of an upload stored per statement. */
const UPLOAD_BATCH = 500;

const RECORD_COLUMNS = [
  'line',
  'key',
  'status',
  'action',
  'reason',
  'errorCode',
  'errorMessage',
  'intercomId',
  'diff',
  'at',
] as const;

function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = asText(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (record: ActivationRecord) => RECORD_COLUMNS.map((column) => csvCell(record[column])).join(',') + '\n';

/** A run id that sorts by time and names its start: `2025-03-01T10-00-00-000Z-3fa2`. */
const newRunId = () => `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;

const TAGS = ['Activations'];

/**
 * Activations: definitions (`/activations`, those of the settings read-only), runs
 * (`POST /activations/<name>/runs[?dry_run=true][&retry_failed=true]`, started as Temporal workflows
 * before the answer), their progress and per-record results (JSON or CSV), and uploaded source files
 * (`PUT /activations/<name>/upload` with a CSV or NDJSON body). A definition's problems are answered
 * as problem details whose `problems` lists one readable line each.
 */
export function registerActivationRoutes(app: Api, ctx: ApiContext): void {
  const store = ctx.activations?.store;
  const needStore = (): ActivationStore => {
    if (store !== undefined) return store;
    throw new HttpProblem(503, 'activations need their database: set ACTIVATIONS_DATABASE_URL');
  };
  const noActivation = (name: string) => new HttpProblem(404, `no activation named ${name}`);
  const invalid = (detail: string, problems: string[]) =>
    new HttpProblem(400, `${detail}: ${problems.join('; ')}`, { extensions: { problems } });
  const schedule = (name: string, definition: Parameters<typeof ensureActivationSchedule>[4]) =>
    ensureActivationSchedule(ctx.temporal, ctx.connectorId, ctx.taskQueues.main, name, definition, ctx.log);

  app.get(
    '/activations',
    {
      schema: {
        summary: 'List the activations',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        response: { 200: activationListSchema, ...problemResponses(401) },
      },
    },
    async () => ({ activations: (await listActivations(ctx, store)).map(viewOf) }),
  );

  app.post(
    '/activations',
    {
      schema: {
        summary: 'Define an activation',
        description: 'Stored in the activations database. 400 lists every problem of the definition (`problems`).',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        body: activationDefinitionBody,
        response: { 201: storedActivationSchema, ...problemResponses(400, 401, 409, 503) },
      },
    },
    async (request, reply) => {
      const db = needStore();
      const checked = validateDefinition(request.body);
      if (!checked.ok) throw invalid('invalid activation', checked.problems);
      const { definition } = checked;
      const taken = new HttpProblem(409, `an activation named ${definition.name} already exists`);
      if ((await findActivation(ctx, db, definition.name)) !== undefined) throw taken;
      if (!(await db.putDefinition(definition.name, request.body, true))) throw taken;
      await schedule(definition.name, definition);
      return reply.code(201).send({ name: definition.name, origin: 'api' as const, definition: request.body });
    },
  );

  app.get(
    '/activations/:name',
    {
      schema: {
        summary: 'One activation',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationNameParams,
        response: { 200: activationView.describe('The activation.'), ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const found = await findActivation(ctx, store, request.params.name);
      if (found === undefined) throw noActivation(request.params.name);
      return viewOf(found);
    },
  );

  app.put(
    '/activations/:name',
    {
      schema: {
        summary: 'Create or replace an activation',
        description: 'The name is the path’s. 409 for an activation of the settings (change it there).',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationNameParams,
        body: activationDefinitionBody,
        response: { 200: storedActivationSchema, ...problemResponses(400, 401, 409, 503) },
      },
    },
    async (request, reply) => {
      const db = needStore();
      const { name } = request.params;
      const body = { ...request.body, name };
      const existing = await findActivation(ctx, db, name);
      if (existing?.origin === 'settings') {
        throw new HttpProblem(409, `activation ${name} is defined in the settings; change it there`);
      }
      const checked = validateDefinition(body);
      if (!checked.ok) throw invalid(`invalid activation ${name}`, checked.problems);
      await db.putDefinition(name, body, false);
      await schedule(name, checked.definition);
      // 200 for a new name too: PUT is idempotent, and one success status keeps the contract simple.
      return reply.code(200).send({ name, origin: 'api' as const, definition: body });
    },
  );

  app.delete(
    '/activations/:name',
    {
      schema: {
        summary: 'Remove an activation and its schedule',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationNameParams,
        response: { 204: z.null().describe('Removed.'), ...problemResponses(401, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const db = needStore();
      const { name } = request.params;
      const existing = await findActivation(ctx, db, name);
      if (existing?.origin === 'settings') {
        throw new HttpProblem(409, `activation ${name} is defined in the settings; remove it there`);
      }
      if (!(await db.deleteDefinition(name))) throw noActivation(name);
      await schedule(name, undefined);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/activations/:name/runs',
    {
      schema: {
        summary: 'Start a run of an activation',
        description:
          '`dry_run=true` writes nothing and records what each row would do; `retry_failed=true` takes only the ' +
          'rows that failed before. 409 while a run is going (with its links) or when the stored definition is invalid.',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationNameParams,
        querystring: startRunQuery,
        response: { 202: runLinksSchema.describe('The run started.'), ...problemResponses(400, 401, 404, 409) },
      },
    },
    async (request, reply) => {
      const { name } = request.params;
      const found = await findActivation(ctx, store, name);
      if (found === undefined) throw noActivation(name);
      if (found.valid === undefined) {
        throw new HttpProblem(409, `activation ${name} is invalid; replace it first`, {
          extensions: { problems: found.invalid },
        });
      }
      const running = await runningRun(name);
      if (running !== undefined) {
        throw new HttpProblem(409, `a run of activation ${name} is going`, { extensions: running });
      }
      const runId = newRunId();
      const workflowId = workflowIds.activationRun(ctx.connectorId, name, runId);
      const { dry_run: dryRun, retry_failed: retryFailedOnly } = request.query;
      await ctx.temporal.workflow.start<typeof activationRunWorkflow>(WORKFLOW_TYPES.activationRun, {
        workflowId,
        taskQueue: ctx.taskQueues.main,
        args: [{ activation: found.valid, runId, dryRun, retryFailedOnly }],
        workflowIdConflictPolicy: 'FAIL',
        staticSummary: `${dryRun ? 'Dry run of' : 'Run'} activation ${name}: ${found.valid.behaviour} ${found.valid.object}${retryFailedOnly ? ' (failed rows only)' : ''}`,
        typedSearchAttributes: [
          { key: SYNC_KIND, value: 'activation' },
          { key: SYNC_ENTITY, value: name },
        ],
      });
      return reply.code(202).send(runLinks(name, runId, workflowId, { dryRun, retryFailedOnly }));
    },
  );

  app.get(
    '/activations/:name/runs',
    {
      schema: {
        summary: "An activation's recent runs",
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationNameParams,
        response: { 200: runListSchema, ...problemResponses(401) },
      },
    },
    async (request) => {
      const { name } = request.params;
      const runs: Array<z.infer<typeof runListSchema>['runs'][number]> = [];
      const query = `${SYNC_KIND.name} = "activation" AND ${SYNC_ENTITY.name} = "${name.replace(/"/g, '')}"`;
      for await (const execution of ctx.temporal.workflow.list({ query, pageSize: 50 })) {
        const parsed = workflowIds.parseActivationRun(ctx.connectorId, execution.workflowId);
        if (parsed === undefined || parsed.name !== name) continue;
        runs.push({
          ...runLinks(name, parsed.runId, execution.workflowId),
          status: execution.status.name,
          startTime: execution.startTime.toISOString(),
          closeTime: execution.closeTime?.toISOString() ?? null,
          progress: execution.memo?.progress,
        });
        if (runs.length >= 50) break;
      }
      return { runs };
    },
  );

  app.get(
    '/activations/:name/runs/:runId',
    {
      schema: {
        summary: 'One run of an activation: status, progress, record counts, failure',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationRunParams,
        response: { 200: runSummarySchema, ...problemResponses(401, 404) },
      },
    },
    async (request) => {
      const { name, runId } = request.params;
      const workflowId = workflowIds.activationRun(ctx.connectorId, name, runId);
      let description;
      try {
        description = await ctx.temporal.workflow.getHandle(workflowId).describe();
      } catch (error) {
        if (error instanceof WorkflowNotFoundError)
          throw new HttpProblem(404, `activation ${name} has no run ${runId}`);
        throw error;
      }
      const status = description.status.name;
      const failure =
        status === 'FAILED' || status === 'TERMINATED' || status === 'TIMED_OUT'
          ? await ctx.temporal.workflow
              .getHandle(workflowId)
              .result()
              .then(
                () => undefined,
                (error: Error) => describeFailure(error.cause ?? error).reason,
              )
          : undefined;
      return {
        ...runLinks(name, runId, workflowId),
        status,
        startTime: description.startTime.toISOString(),
        closeTime: description.closeTime?.toISOString() ?? null,
        progress: description.memo?.progress,
        records: (await store?.recordCounts(name, runId)) ?? {},
        failure,
      };
    },
  );

  app.get(
    '/activations/:name/runs/:runId/records',
    {
      schema: {
        summary: "A run's per-record results",
        description:
          'JSON pages (`after`, `limit`), or every matching record as a CSV download with `format=csv` or `Accept: text/csv`.',
        tags: TAGS,
        security: OPERATOR_SECURITY,
        params: activationRunParams,
        querystring: recordsQuery,
        response: { 200: recordPageSchema, ...problemResponses(400, 401, 503) },
      },
    },
    async (request, reply) => {
      const db = needStore();
      const { name, runId } = request.params;
      const { status, after, limit, format } = request.query;
      const wantsCsv =
        format === 'csv' || (format === undefined && (request.headers.accept ?? '').includes('text/csv'));
      if (!wantsCsv) {
        const records = await db.listRecords(name, runId, { status, afterLine: after, limit });
        const last = records[records.length - 1];
        return {
          records: records as Array<ActivationRecord & Record<string, unknown>>,
          next: records.length === limit && last !== undefined ? last.line : null,
        };
      }
      // Every matching record, a page of the database at a time: memory stays flat whatever the run's size.
      async function* lines() {
        yield RECORD_COLUMNS.join(',') + '\n';
        let afterLine = after ?? -1;
        for (;;) {
          const page = await db.listRecords(name, runId, { status, afterLine, limit: 1_000 });
          for (const record of page) yield csvLine(record);
          if (page.length < 1_000) return;
          afterLine = page[page.length - 1]!.line;
        }
      }
      // A stream is sent as it is, past the JSON serializer of the schema above.
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${name}-${runId}${status ? `-${status}` : ''}.csv"`)
        .send(Readable.from(lines()) as never);
    },
  );

  // Uploaded sources: the body is the file itself, streamed into the database in batches.
  void app.register((uploads: Api, _options, registered) => {
    uploads.addContentTypeParser(
      ['text/csv', 'application/x-ndjson', 'application/ndjson'],
      (_request, payload, done) => done(null, payload),
    );
    uploads.put(
      '/activations/:name/upload',
      {
        schema: {
          summary: 'Upload the file of an upload source',
          description:
            'The body is the file: `Content-Type: text/csv` or `application/x-ndjson`. A malformed line is kept with its ' +
            'problem and reported by the next run.',
          tags: TAGS,
          security: OPERATOR_SECURITY,
          params: activationNameParams,
          response: { 201: uploadStoredSchema, ...problemResponses(401, 404, 409, 415, 503) },
        },
      },
      async (request, reply) => {
        const db = needStore();
        const { name } = request.params;
        const found = await findActivation(ctx, db, name);
        if (found === undefined) throw noActivation(name);
        const source = found.valid?.source;
        if (source?.kind !== 'upload') {
          throw new HttpProblem(
            409,
            `activation ${name} does not read an upload (its source is ${source?.kind ?? 'invalid'})`,
          );
        }
        const body = request.body as NodeJS.ReadableStream | undefined;
        if (body === undefined || typeof (body as Readable).pipe !== 'function') {
          throw new HttpProblem(
            415,
            `send the file as the body, with Content-Type ${source.format === 'csv' ? 'text/csv' : 'application/x-ndjson'}`,
          );
        }
        await db.clearUpload(name);
        const counts = source.format === 'csv' ? await storeCsv(db, name, body) : await storeNdjson(db, name, body);
        return reply.code(201).send({ name, format: source.format, ...counts, run: `/activations/${name}/runs` });
      },
    );
    registered();
  });

  async function runningRun(name: string) {
    const query = `${SYNC_KIND.name} = "activation" AND ${SYNC_ENTITY.name} = "${name.replace(/"/g, '')}" AND ExecutionStatus = "Running"`;
    for await (const execution of ctx.temporal.workflow.list({ query })) {
      const parsed = workflowIds.parseActivationRun(ctx.connectorId, execution.workflowId);
      if (parsed?.name === name) return runLinks(name, parsed.runId, execution.workflowId);
    }
    return undefined;
  }
}

function runLinks(name: string, runId: string, workflowId: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    runId,
    workflowId,
    ...extra,
    status: `/runs/${workflowId}`,
    run: `/activations/${name}/runs/${runId}`,
    records: `/activations/${name}/runs/${runId}/records`,
  };
}

/** csv-parse's message without its own line reference (the record's line is reported beside it). */
export const csvProblem = (error: Error): string => error.message.replace(/ (at|on) line \d+/, '');

/** Stores a CSV upload: its header names the columns; a malformed record is kept with its problem. */
async function storeCsv(store: ActivationStore, name: string, body: NodeJS.ReadableStream) {
  const parser = parse({
    bom: true,
    info: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
  });
  let columns: string[] | undefined;
  let batch: Array<{ line: number; record?: Record<string, unknown>; problem?: string }> = [];
  let rows = 0;
  let problems = 0;
  const flush = async () => {
    await store.appendUpload(name, batch);
    batch = [];
  };
  // Skips are emitted while parsing, ahead of the records the loop below is still reading: they carry
  // their own line, and are stored with it.
  parser.on('skip', (error: Error & { lines?: number }) => {
    problems += 1;
    batch.push({ line: error.lines ?? 0, problem: `malformed CSV: ${csvProblem(error)}` });
  });
  (body as Readable).pipe(parser);
  for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    // A record's line is where it ends (the same as where it starts unless a quoted value spans lines).
    const line = item.info.lines;
    if (columns === undefined) {
      columns = item.record.map((column) => column.trim());
      continue;
    }
    if (item.record.length !== columns.length) {
      problems += 1;
      batch.push({
        line,
        problem: `malformed CSV: ${item.record.length} fields where the header has ${columns.length}`,
      });
    } else {
      rows += 1;
      batch.push({ line, record: Object.fromEntries(columns.map((column, index) => [column, item.record[index]])) });
    }
    if (batch.length >= UPLOAD_BATCH) await flush();
  }
  await flush();
  return { rows, problems, columns: columns ?? [] };
}

/** Stores an NDJSON upload: one JSON object a line; a line that is not one is kept with its problem. */
async function storeNdjson(store: ActivationStore, name: string, body: NodeJS.ReadableStream) {
  let batch: Array<{ line: number; record?: Record<string, unknown>; problem?: string }> = [];
  let rows = 0;
  let problems = 0;
  let line = 0;
  let rest = '';
  const decoder = new TextDecoder();
  const take = (text: string) => {
    line += 1;
    if (text.trim() === '') return;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
      rows += 1;
      batch.push({ line, record: value as Record<string, unknown> });
    } catch (error) {
      problems += 1;
      batch.push({ line, problem: `invalid JSON: ${(error as Error).message}` });
    }
  };
  for await (const chunk of body as AsyncIterable<Buffer>) {
    const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
    rest = lines.pop() ?? '';
    for (const text of lines) take(text);
    if (batch.length >= UPLOAD_BATCH) {
      await store.appendUpload(name, batch);
      batch = [];
    }
  }
  rest += decoder.decode();
  if (rest !== '') take(rest);
  await store.appendUpload(name, batch);
  return { rows, problems };
}
