import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { WorkflowNotFoundError } from '@temporalio/client';
import { parse } from 'csv-parse';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { firstIssue } from '../../config/issues';
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
import { operatorGuard } from '../operator-auth';
import { activationNameParams, activationRunParams, recordsQuery, startRunQuery } from '../schemas/activations';

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

function parseWith<T extends z.ZodType>(
  schema: T,
  input: unknown,
  where: string,
): { ok: true; value: z.infer<T> } | { ok: false; error: string } {
  const parsed = schema.safeParse(input ?? {});
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: firstIssue(parsed.error, where) };
}

/** A run id that sorts by time and names its start: `2025-03-01T10-00-00-000Z-3fa2`. */
const newRunId = () => `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(2).toString('hex')}`;

/**
 * Activations: definitions (`/activations`, those of the settings read-only), runs
 * (`POST /activations/<name>/runs[?dry_run=true][&retry_failed=true]`, started as Temporal workflows
 * before the answer), their progress and per-record results (JSON or CSV), and uploaded source files
 * (`PUT /activations/<name>/upload` with a CSV or NDJSON body).
 */
export function registerActivationRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const guard = { preHandler: operatorGuard(ctx) };
  const store = ctx.activations?.store;
  const needStore = async (reply: FastifyReply): Promise<ActivationStore | undefined> => {
    if (store !== undefined) return store;
    await reply.code(503).send({ error: 'activations need their database: set ACTIVATIONS_DATABASE_URL' });
    return undefined;
  };
  const schedule = (name: string, definition: Parameters<typeof ensureActivationSchedule>[4]) =>
    ensureActivationSchedule(ctx.temporal, ctx.connectorId, ctx.taskQueues.main, name, definition, ctx.log);

  app.get('/activations', guard, async () => ({ activations: (await listActivations(ctx, store)).map(viewOf) }));

  app.post('/activations', guard, async (request, reply) => {
    const db = await needStore(reply);
    if (db === undefined) return;
    const checked = validateDefinition(request.body);
    if (!checked.ok) return reply.code(400).send({ error: 'invalid activation', problems: checked.problems });
    const { definition } = checked;
    if ((await findActivation(ctx, db, definition.name)) !== undefined) {
      return reply.code(409).send({ error: `an activation named ${definition.name} already exists` });
    }
    if (!(await db.putDefinition(definition.name, request.body, true))) {
      return reply.code(409).send({ error: `an activation named ${definition.name} already exists` });
    }
    await schedule(definition.name, definition);
    return reply.code(201).send({ name: definition.name, origin: 'api', definition: request.body });
  });

  app.get('/activations/:name', guard, async (request, reply) => {
    const params = activationNameParams.parse(request.params);
    const found = await findActivation(ctx, store, params.name);
    if (found === undefined) return reply.code(404).send({ error: `no activation named ${params.name}` });
    return viewOf(found);
  });

  app.put('/activations/:name', guard, async (request, reply) => {
    const db = await needStore(reply);
    if (db === undefined) return;
    const { name } = activationNameParams.parse(request.params);
    const body = { ...(request.body as object), name };
    const existing = await findActivation(ctx, db, name);
    if (existing?.origin === 'settings') {
      return reply.code(409).send({ error: `activation ${name} is defined in the settings; change it there` });
    }
    const checked = validateDefinition(body);
    if (!checked.ok) return reply.code(400).send({ error: `invalid activation ${name}`, problems: checked.problems });
    await db.putDefinition(name, body, false);
    await schedule(name, checked.definition);
    return reply.code(existing === undefined ? 201 : 200).send({ name, origin: 'api', definition: body });
  });

  app.delete('/activations/:name', guard, async (request, reply) => {
    const db = await needStore(reply);
    if (db === undefined) return;
    const { name } = activationNameParams.parse(request.params);
    const existing = await findActivation(ctx, db, name);
    if (existing?.origin === 'settings') {
      return reply.code(409).send({ error: `activation ${name} is defined in the settings; remove it there` });
    }
    if (!(await db.deleteDefinition(name))) return reply.code(404).send({ error: `no activation named ${name}` });
    await schedule(name, undefined);
    return reply.code(204).send();
  });

  app.post('/activations/:name/runs', guard, async (request, reply) => {
    const { name } = activationNameParams.parse(request.params);
    const query = parseWith(startRunQuery, request.query, 'query');
    if (!query.ok) return reply.code(400).send({ error: query.error });
    const found = await findActivation(ctx, store, name);
    if (found === undefined) return reply.code(404).send({ error: `no activation named ${name}` });
    if (found.valid === undefined) {
      return reply
        .code(409)
        .send({ error: `activation ${name} is invalid; replace it first`, problems: found.invalid });
    }
    const running = await runningRun(name);
    if (running !== undefined) {
      return reply.code(409).send({ error: `a run of activation ${name} is going`, ...running });
    }
    const runId = newRunId();
    const workflowId = workflowIds.activationRun(ctx.connectorId, name, runId);
    const { dry_run: dryRun, retry_failed: retryFailedOnly } = query.value;
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
  });

  app.get('/activations/:name/runs', guard, async (request) => {
    const { name } = activationNameParams.parse(request.params);
    const runs: Array<Record<string, unknown>> = [];
    const query = `${SYNC_KIND.name} = "activation" AND ${SYNC_ENTITY.name} = "${name.replace(/"/g, '')}"`;
    for await (const execution of ctx.temporal.workflow.list({ query, pageSize: 50 })) {
      const parsed = workflowIds.parseActivationRun(ctx.connectorId, execution.workflowId);
      if (parsed === undefined || parsed.name !== name) continue;
      runs.push({
        ...runLinks(name, parsed.runId, execution.workflowId),
        status: execution.status.name,
        startTime: execution.startTime,
        closeTime: execution.closeTime ?? null,
        progress: execution.memo?.progress,
      });
      if (runs.length >= 50) break;
    }
    return { runs };
  });

  app.get('/activations/:name/runs/:runId', guard, async (request, reply) => {
    const { name, runId } = activationRunParams.parse(request.params);
    const workflowId = workflowIds.activationRun(ctx.connectorId, name, runId);
    let description;
    try {
      description = await ctx.temporal.workflow.getHandle(workflowId).describe();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError)
        return reply.code(404).send({ error: `activation ${name} has no run ${runId}` });
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
      startTime: description.startTime,
      closeTime: description.closeTime ?? null,
      progress: description.memo?.progress,
      records: (await store?.recordCounts(name, runId)) ?? {},
      failure,
    };
  });

  app.get('/activations/:name/runs/:runId/records', guard, async (request, reply) => {
    const db = await needStore(reply);
    if (db === undefined) return;
    const { name, runId } = activationRunParams.parse(request.params);
    const query = parseWith(recordsQuery, request.query, 'query');
    if (!query.ok) return reply.code(400).send({ error: query.error });
    const { status, after, limit, format } = query.value;
    const wantsCsv = format === 'csv' || (format === undefined && (request.headers.accept ?? '').includes('text/csv'));
    if (!wantsCsv) {
      const records = await db.listRecords(name, runId, { status, afterLine: after, limit });
      const last = records[records.length - 1];
      return { records, next: records.length === limit && last !== undefined ? last.line : null };
    }
    // Every matching record, a page of the database at a time: memory stays flat whatever the run's size.
    async function* lines() {
      yield RECORD_COLUMNS.join(',') + '\n';
      let afterLine = after ?? -1;
      for (;;) {
        const page = await db!.listRecords(name, runId, { status, afterLine, limit: 1_000 });
        for (const record of page) yield csvLine(record);
        if (page.length < 1_000) return;
        afterLine = page[page.length - 1]!.line;
      }
    }
    return reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${name}-${runId}${status ? `-${status}` : ''}.csv"`)
      .send(Readable.from(lines()));
  });

  // Uploaded sources: the body is the file itself, streamed into the database in batches.
  void app.register((uploads, _options, registered) => {
    uploads.addContentTypeParser(
      ['text/csv', 'application/x-ndjson', 'application/ndjson'],
      (_request, payload, done) => done(null, payload),
    );
    uploads.put('/activations/:name/upload', guard, async (request: FastifyRequest, reply) => {
      const db = await needStore(reply);
      if (db === undefined) return;
      const { name } = activationNameParams.parse(request.params);
      const found = await findActivation(ctx, db, name);
      if (found === undefined) return reply.code(404).send({ error: `no activation named ${name}` });
      const source = found.valid?.source;
      if (source?.kind !== 'upload') {
        return reply
          .code(409)
          .send({ error: `activation ${name} does not read an upload (its source is ${source?.kind ?? 'invalid'})` });
      }
      const body = request.body as NodeJS.ReadableStream | undefined;
      if (body === undefined || typeof (body as Readable).pipe !== 'function') {
        return reply.code(415).send({
          error: `send the file as the body, with Content-Type ${source.format === 'csv' ? 'text/csv' : 'application/x-ndjson'}`,
        });
      }
      await db.clearUpload(name);
      const counts = source.format === 'csv' ? await storeCsv(db, name, body) : await storeNdjson(db, name, body);
      return reply.code(201).send({ name, format: source.format, ...counts, run: `/activations/${name}/runs` });
    });
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
