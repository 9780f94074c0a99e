/**
 * What a person at the terminal wants to know about the per-record work: how many writes went to
 * Intercom in the last minute (created / updated / unchanged / skipped / failed) and how many
 * webhooks were applied to Hull, in one line per direction, not one per record. The counts are
 * made where they are known, in the worker process, from each activity's outcome (an interceptor
 * reads the small result every activity already returns); no record data goes anywhere. Each
 * record's outcome is logged at debug.
 */
import { CancelledFailure, type Context } from '@temporalio/activity';
import type { ActivityExecuteInput, ActivityInboundCallsInterceptor, Next } from '@temporalio/worker';
import type { Logger } from '../logger';

export type Direction = 'toIntercom' | 'toHull';

/** One counted outcome: what was written and how it went ("users" / "updated"). */
interface Counted {
  direction: Direction;
  what: string;
  outcome: string;
}

const outcomeOf = (result: unknown): string | undefined => {
  const outcome = (result as { outcome?: unknown } | undefined)?.outcome;
  return typeof outcome === 'string' ? outcome : undefined;
};

/**
 * How each counted activity's result reads. Activities not listed (fetch pages, which have their own
 * progress lines; write-backs; checks) are not counted. `finishCreatedHullUser` ends a create that
 * `createHullLead` already counted, so only its failures count.
 */
const CLASSIFIERS: Record<
  string,
  { direction: Direction; what: string; outcome(result: unknown, args: unknown[]): string | undefined }
> = {
  syncHullUserToIntercom: {
    direction: 'toIntercom',
    what: 'contacts',
    // A lead to create is counted by createHullLead, which creates it.
    outcome: (result) => (outcomeOf(result) === 'create-lead' ? undefined : outcomeOf(result)),
  },
  createHullLead: { direction: 'toIntercom', what: 'contacts', outcome: (result) => outcomeOf(result) },
  finishCreatedHullUser: { direction: 'toIntercom', what: 'contacts', outcome: () => undefined },
  syncHullAccountToIntercom: {
    direction: 'toIntercom',
    what: 'companies',
    // POST /companies upserts: it created the company when the engine knew no Intercom id for it.
    outcome: (result, args) => {
      const outcome = outcomeOf(result);
      if (outcome !== 'upserted') return outcome;
      const known = (args[0] as { state?: { intercomId?: string } } | undefined)?.state?.intercomId;
      return known === undefined ? 'created' : 'updated';
    },
  },
  mergeLeadIntoUser: { direction: 'toIntercom', what: 'leads', outcome: () => 'merged into users' },
  applyIntercomNotification: {
    direction: 'toHull',
    what: 'webhooks',
    outcome: (result) => {
      const applied = (result as { applied?: unknown } | undefined)?.applied;
      return typeof applied === 'string' && applied.startsWith('skipped') ? 'skipped' : 'applied to Hull';
    },
  },
};

/** Counts of one interval, by direction, then what, then outcome. */
export type OutcomeCounts = Record<Direction, Record<string, Record<string, number>>>;

const empty = (): OutcomeCounts => ({ toIntercom: {}, toHull: {} });

/** Each failed attempt counts (Temporal retries it), so one record failing for a while counts several times. */
const FAILED = 'failed attempts';

/** The order outcomes are listed in (others follow). */
const OUTCOME_ORDER = ['created', 'updated', 'unchanged', 'untagged', 'applied to Hull', 'skipped', FAILED];

/**
 * "contacts 3 created, 40 updated; companies 1 updated" ("3 applied to Hull" with `named` false), or
 * undefined when nothing was counted.
 */
export function describeCounts(byWhat: Record<string, Record<string, number>>, named = true): string | undefined {
  const parts = Object.entries(byWhat).map(([what, outcomes]) => {
    const listed = Object.entries(outcomes).sort(
      ([a], [b]) => (OUTCOME_ORDER.indexOf(a) + 1 || 99) - (OUTCOME_ORDER.indexOf(b) + 1 || 99),
    );
    const list = listed.map(([outcome, count]) => `${count} ${outcome}`).join(', ');
    return named ? `${what} ${list}` : list;
  });
  return parts.length > 0 ? parts.join('; ') : undefined;
}

/** The per-process aggregator: counts activity outcomes and logs a summary line per direction every interval. */
export class ActivityOutcomes {
  #counts = empty();
  /** The same counts for the connector's status (the operator page), taken on their own schedule. */
  #forStatus = empty();
  #since: number;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly log: Logger,
    readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {
    this.#since = now();
  }

  /** The interceptor every worker registers: counts what each activity did. */
  interceptor(context: Context): ActivityInboundCallsInterceptor {
    return new OutcomeInterceptor(context, this);
  }

  count({ direction, what, outcome }: Counted): void {
    for (const counts of [this.#counts, this.#forStatus]) {
      const byOutcome = (counts[direction][what] ??= {});
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
    }
  }

  /** The counts since the last status report, which start again from zero (the summary lines keep theirs). */
  takeForStatus(): OutcomeCounts {
    const counts = this.#forStatus;
    this.#forStatus = empty();
    return counts;
  }

  /** The counts since the last summary, which start again from zero. */
  take(): OutcomeCounts {
    const counts = this.#counts;
    this.#counts = empty();
    this.#since = this.now();
    return counts;
  }

  /** Logs the interval's summary lines (none when nothing happened); the last one may cover less than an interval. */
  summarise(): void {
    const seconds = Math.max(1, Math.round((this.now() - this.#since) / 1000));
    const counts = this.take();
    const every = `${Math.min(seconds, Math.round(this.intervalMs / 1000))} s`;
    const toIntercom = describeCounts(counts.toIntercom);
    if (toIntercom) log(this.log, counts.toIntercom, `writes to Intercom in the last ${every}: ${toIntercom}`);
    const toHull = describeCounts(counts.toHull, false);
    if (toHull) log(this.log, counts.toHull, `Intercom webhooks in the last ${every}: ${toHull}`);
  }

  start(): void {
    this.#timer = setInterval(() => this.summarise(), this.intervalMs);
    this.#timer.unref();
  }

  /** Stops the timer and logs what the last, partial interval counted. */
  stop(): void {
    clearInterval(this.#timer);
    this.summarise();
  }
}

const log = (logger: Logger, counts: Record<string, Record<string, number>>, message: string) =>
  logger.info({ counts }, message);

class OutcomeInterceptor implements ActivityInboundCallsInterceptor {
  constructor(
    private readonly context: Context,
    private readonly outcomes: ActivityOutcomes,
  ) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    const type = this.context.info.activityType;
    const classifier = CLASSIFIERS[type];
    if (classifier === undefined) return next(input);
    const { direction, what } = classifier;
    let result: unknown;
    try {
      result = await next(input);
    } catch (error) {
      // A stop cancelling the activity is not a failed write: it is retried where it stopped.
      if (!(error instanceof CancelledFailure)) {
        this.outcomes.count({ direction, what, outcome: FAILED });
        this.context.log.debug(`${type}: failed (attempt ${this.context.info.attempt}, Temporal retries it)`, {
          error: (error as Error).message,
        });
      }
      throw error;
    }
    const outcome = classifier.outcome(result, input.args);
    if (outcome !== undefined) {
      this.outcomes.count({ direction, what, outcome });
      const reason = (result as { reason?: unknown }).reason;
      this.context.log.debug(`${type}: ${outcome}`, typeof reason === 'string' ? { reason } : {});
    }
    return result;
  }
}
