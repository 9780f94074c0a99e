import { ApplicationFailure, Context } from '@temporalio/activity';
import { firstCursor, SourceError, type SourcePage } from '../../activations/sources';
import type {
  ActivationPageInput,
  ActivationPageResult,
  ActivationRecord,
  ActivationRunStart,
} from '../../shared/activations';
import { columnsOf, keyColumnOf, modelOf, type ActivationDefinition } from '../../sync/activations/definition';
import {
  decide,
  DELETED_RETENTION_DAYS,
  dryRunTarget,
  fieldDiff,
  lookupValue,
  needsTarget,
  triage,
  type Action,
  type ObjectStatus,
  type RowState,
  type Target,
} from '../../sync/activations/plan';
import { isProblem, prepareRow, withoutDuplicateKeys, type PreparedRow } from '../../sync/activations/rows';
import { planDataAttributes } from '../../sync/outgoing';
import { activityCall } from '../call-options';
import { asExisting } from '../outgoing/ensure-data-attributes';
import type { ActivityDeps } from '../deps';
import { readById, resolveCompanies, resolveContacts } from './targets';
import { actionName, failedOutcome, writeRow, writeTags, type TagWrite, type WriteOutcome } from './writes';

/** Rows written at once within a page (the rate governor paces them against the shared budget). */
const WRITE_CONCURRENCY = 8;
const DAY_MS = 86_400_000;

interface Planned {
  row: PreparedRow;
  state: RowState | undefined;
  action: Action;
  target?: Target;
}

/** A source problem fails the run with its reason (retried only when it is the connection's). */
function sourceFailure(definition: ActivationDefinition, error: SourceError): ApplicationFailure {
  const message = `activation ${definition.name}: ${error.message}`;
  return error.retryable
    ? ApplicationFailure.retryable(message, 'ActivationSourceUnavailable')
    : ApplicationFailure.nonRetryable(message, 'InvalidData');
}

async function runLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * The activities of an activation run: `beginActivationRun` counts the source and purges expired
 * records; `runActivationPage` reads one page, decides each row (pure planning in
 * src/sync/activations) and writes it, or in a dry run only says what it would write. Rows are
 * recorded and their diff state stored before the page returns; writes in flight are marked pending
 * first, so a page retried after a worker died checks Intercom before writing those rows again.
 */
export function createActivationActivities({ intercom, lookups, activations }: ActivityDeps) {
  const need = () => {
    if (activations === undefined) {
      throw ApplicationFailure.nonRetryable(
        'activations need their database: set ACTIVATIONS_DATABASE_URL on the workers',
        'InvalidData',
      );
    }
    return activations;
  };

  /**
   * The Intercom records rows designate, by row key: rows not written before are looked up by their
   * identifier (a real run only where the write needs it, see `needsTarget`); rows written before are
   * read by the id remembered in a dry run (for the field diff) and when a retried page must check
   * whether their write already happened.
   */
  async function findTargets(
    definition: ActivationDefinition,
    work: Array<{ row: PreparedRow; state: RowState | undefined; known?: string }>,
    dryRun: boolean,
    pending: (item: { row: PreparedRow; state?: RowState }) => boolean,
    call: ReturnType<typeof activityCall>,
  ): Promise<Map<string, Target>> {
    const targets = new Map<string, Target>();
    const paths = definition.mapping.map((entry) => entry.field);
    const lookupModel = dryRun ? dryRunTarget(definition) : needsTarget(definition);
    if (lookupModel === undefined) return targets;
    const field = definition.identifier?.field ?? 'company_id';
    const unknown = work.filter((item) => item.known === undefined && lookupValue(definition, item.row) !== undefined);
    const values = unknown.map((item) => lookupValue(definition, item.row)!);
    if (values.length > 0) {
      const found =
        lookupModel === 'company'
          ? await resolveCompanies(intercom, field === 'id' ? 'id' : 'company_id', values, paths, call)
          : await resolveContacts(intercom, field === 'company_id' ? 'id' : field, values, paths, call);
      for (const item of unknown) {
        const target = found.get(lookupValue(definition, item.row)!);
        if (target !== undefined) targets.set(item.row.key, target);
      }
    }
    for (const item of work) {
      if (item.known === undefined || (!dryRun && !pending(item))) continue;
      const target = await readById(intercom, lookupModel, item.known, paths, call);
      targets.set(
        item.row.key,
        target.kind === 'none' ? { kind: 'deleted', id: item.known, since: new Date().toISOString() } : target,
      );
    }
    return targets;
  }

  return {
    async beginActivationRun(definition: ActivationDefinition): Promise<ActivationRunStart> {
      const { store, sources } = need();
      const purged = await store.purgeExpiredRecords();
      const notes = purged > 0 ? [`purged ${purged} records older than ${store.retentionDays} days`] : [];
      try {
        return { total: await sources.total(definition), notes };
      } catch (error) {
        if (error instanceof SourceError) throw sourceFailure(definition, error);
        throw error;
      }
    },

    async runActivationPage(input: ActivationPageInput): Promise<ActivationPageResult> {
      const { store, sources } = need();
      const { activation: definition, runId, dryRun } = input;
      const context = Context.current();
      const call = activityCall('background');
      const keyColumn = keyColumnOf(definition);
      const model = modelOf(definition.object) ?? (definition.object === 'company_tag' ? 'company' : 'contact');

      let page: SourcePage;
      try {
        page = await sources.readPage(definition, input.cursor ?? firstCursor(definition), keyColumn);
        const columns = page.columns;
        if (columns !== undefined) {
          const missing = columnsOf(definition).filter((column) => !columns.includes(column));
          if (missing.length > 0) {
            throw new SourceError(
              `column ${missing.map((c) => `"${c}"`).join(', ')} named in the definition is not in the source (it has ${columns.join(', ')})`,
            );
          }
        }
      } catch (error) {
        if (error instanceof SourceError) throw sourceFailure(definition, error);
        throw error;
      }

      const prepared = withoutDuplicateKeys(page.items.map((item) => prepareRow(definition, item)));
      const rows = prepared.filter((row): row is PreparedRow => !isProblem(row));
      const states = await store.loadStates(
        definition.name,
        rows.map((row) => row.key),
      );
      const records: ActivationRecord[] = [];
      const newStates: Array<{ key: string; state: RowState }> = [];
      const at = new Date().toISOString();

      for (const problem of prepared.filter(isProblem)) {
        records.push({
          key: problem.key,
          line: problem.line,
          status: problem.status,
          action: 'none',
          reason: `activation ${definition.name}: ${problem.reason}`,
          at,
        });
        if (problem.status === 'failed' && !dryRun && !problem.key.startsWith('line:')) {
          newStates.push({ key: problem.key, state: { ...(states.get(problem.key) ?? {}), status: 'failed' } });
        }
      }

      // Which rows need nothing, which can act on the record they were written to, which need a lookup.
      const work: Array<{ row: PreparedRow; state: RowState | undefined; known?: string }> = [];
      for (const row of rows) {
        const state = states.get(row.key);
        const verdict = triage(row, state, { retryFailedOnly: input.retryFailedOnly });
        if (verdict === 'not-failed') continue;
        if (verdict.kind === 'unchanged') {
          records.push({
            key: row.key,
            line: row.line,
            status: 'unchanged',
            action: 'none',
            ...(state?.intercomId ? { intercomId: state.intercomId } : {}),
            at,
          });
          continue;
        }
        work.push({ row, state, known: verdict.kind === 'known' ? verdict.id : undefined });
      }

      // Intercom records this engine archived or saw deleted, for any activation.
      const statusModel = model === 'company' ? 'company' : 'contact';
      const pending = (item: { row: PreparedRow; state?: RowState }) => item.state?.pendingHash === item.row.hash;
      const targets = await findTargets(definition, work, dryRun, pending, call);
      const candidateIds = work.flatMap((item) => {
        const target = targets.get(item.row.key);
        const ids = [item.known, target?.kind === 'found' ? target.id : undefined];
        if (definition.identifier?.field === 'id') ids.push(item.row.identifier);
        return ids.filter((id): id is string => id !== undefined);
      });
      const statuses = await store.objectStatuses(statusModel, [...new Set(candidateIds)]);
      const expired: string[] = [];
      const statusTarget = (id: string | undefined): Target | undefined => {
        const status: ObjectStatus | undefined = id === undefined ? undefined : statuses.get(id);
        if (status === undefined || id === undefined) return undefined;
        if (status.status === 'archived') return { kind: 'archived', id };
        if (Date.now() - Date.parse(status.since) < DELETED_RETENTION_DAYS * DAY_MS)
          return { kind: 'deleted', id, since: status.since };
        return undefined;
      };

      const planned: Planned[] = work.map((item) => {
        const looked = targets.get(item.row.key);
        const overlay =
          statusTarget(item.known) ??
          statusTarget(looked?.kind === 'found' ? looked.id : undefined) ??
          (definition.identifier?.field === 'id' ? statusTarget(item.row.identifier) : undefined);
        // Deleted longer ago than Intercom keeps records: the row starts afresh (upsert creates it again).
        const forgotten =
          item.known !== undefined && statuses.get(item.known)?.status === 'deleted' && overlay === undefined;
        if (forgotten) expired.push(item.row.key);
        const state = forgotten ? undefined : item.state;
        const target = overlay ?? looked;
        return { row: item.row, state, action: decide(definition, item.row, state, target), target };
      });
      if (!dryRun) await store.forgetIntercomIds(definition.name, expired);

      const outcomes: WriteOutcome[] = [];
      if (dryRun) {
        const existing =
          modelOf(definition.object) === undefined
            ? []
            : asExisting([
                ...(await lookups.dataAttributes('contact', call)),
                ...(await lookups.dataAttributes('company', call)),
              ]);
        for (const item of planned) outcomes.push(predict(definition, item, existing));
      } else {
        // A retried page: a pending write whose record already holds every value was done before.
        const toWrite: Planned[] = [];
        for (const item of planned) {
          if (
            pending(item) &&
            item.target?.kind === 'found' &&
            (item.action.kind === 'update' || item.action.kind === 'create') &&
            Object.keys(fieldDiff(item.row.fields, item.target.current)).length === 0
          ) {
            outcomes.push({
              record: {
                key: item.row.key,
                line: item.row.line,
                status: 'written',
                action: actionName(item.action),
                intercomId: item.target.id,
                reason: 'written before the page was retried (Intercom already holds these values)',
                at,
              },
              state: {
                status: 'written',
                hash: item.row.hash,
                fingerprint: undefined,
                intercomId: item.target.id,
                identity: item.row.identifier,
              },
            });
          } else toWrite.push(item);
        }
        await store.markPending(
          definition.name,
          toWrite
            .filter((item) => item.action.kind !== 'fail')
            .map((item) => ({ key: item.row.key, hash: item.row.hash })),
        );
        const writeContext = { intercom, lookups, call, definition };
        try {
          const tagWrites: TagWrite[] = [];
          const rowWrites: Planned[] = [];
          for (const item of toWrite) {
            if (item.action.kind === 'tag' || item.action.kind === 'untag')
              tagWrites.push({ row: item.row, action: item.action, previous: item.state });
            else rowWrites.push(item);
          }
          await runLimited(rowWrites, WRITE_CONCURRENCY, async (item) => {
            outcomes.push(await writeRow(writeContext, item.row, item.action, item.state));
          });
          if (tagWrites.length > 0) outcomes.push(...(await writeTags(writeContext, tagWrites)));
        } finally {
          // Whatever happened to the rest, what was written is recorded before the error (if any) retries the page.
          await persist(outcomes);
        }
      }
      if (dryRun) await store.saveRecords(definition.name, runId, [...records, ...outcomes.map((o) => o.record)]);

      async function persist(done: WriteOutcome[]) {
        const { store: s } = need();
        for (const outcome of done)
          if (outcome.objectStatus)
            await s.setObjectStatus(outcome.objectStatus.object, outcome.objectStatus.id, outcome.objectStatus.status);
        await s.saveStates(definition.name, [
          ...newStates,
          ...done.map((o) => ({ key: o.record.key, state: o.state })),
        ]);
        await s.saveRecords(definition.name, runId, [...records, ...done.map((o) => o.record)]);
      }

      const all = [...records, ...outcomes.map((o) => o.record)];
      const count = (status: ActivationRecord['status']) => all.filter((record) => record.status === status).length;
      const window = intercom.transport.governor.window;
      const result: ActivationPageResult = {
        next: page.next,
        read: page.items.length,
        written: count('written'),
        planned: count('planned'),
        unchanged: count('unchanged'),
        skipped: count('skipped'),
        rowsFailed: count('failed'),
        requests: call.meter.requests,
        rate: window && { limit: window.limit, remaining: window.remaining },
        notes: [],
      };
      context.log.info(
        `activation ${definition.name} run ${runId}${dryRun ? ' (dry run)' : ''}: page of ${result.read} rows: ${result.written} written, ${result.planned} planned, ${result.unchanged} unchanged, ${result.skipped} skipped, ${result.rowsFailed} failed, ${result.requests} Intercom requests`,
      );
      return result;
    },
  };
}

/** A dry run's record: what the real run would do with the row, with the field diff against Intercom. */
function predict(
  definition: ActivationDefinition,
  item: Planned,
  existing: Parameters<typeof planDataAttributes>[1],
): WriteOutcome {
  const { row, action, target } = item;
  if (action.kind === 'fail') return failedOutcome(row, 'none', action.reason, item.state, { code: action.code });
  const current = target?.kind === 'found' ? target.current : undefined;
  const diff: Record<string, unknown> =
    action.kind === 'update' || action.kind === 'upsert-company'
      ? fieldDiff(action.all, current)
      : action.kind === 'create'
        ? fieldDiff(action.fields, undefined)
        : {};
  const model = modelOf(definition.object);
  const fields =
    action.kind === 'create' || action.kind === 'update' || action.kind === 'upsert-company' ? action.fields : {};
  const notes =
    model === undefined
      ? []
      : planDataAttributes(fields, existing, model).create.map(
          (a) => `would create the ${a.model} attribute "${a.name}" as ${a.data_type}`,
        );
  const id =
    action.kind === 'update' || action.kind === 'delete' || action.kind === 'archive'
      ? action.id
      : target?.kind === 'found'
        ? target.id
        : undefined;
  return {
    record: {
      key: row.key,
      line: row.line,
      status: 'planned',
      action: actionName(action),
      ...(id === undefined ? {} : { intercomId: id }),
      ...(Object.keys(diff).length === 0 ? {} : { diff }),
      ...(action.kind === 'tag' || action.kind === 'untag'
        ? { reason: `would ${action.kind} "${action.tag}"` }
        : notes.length > 0
          ? { reason: notes.join('; ') }
          : {}),
      at: new Date().toISOString(),
    },
    state: item.state ?? { status: 'pending' },
  };
}
