import type { Logger } from '../logger';

/** One thing to undo on shutdown. */
export interface StopStep {
  /** What the log calls it ("API", "workers", "Temporal dev server", "simulators"). */
  name: string;
  /** Says what the step waits for, at the moment it starts (e.g. "3 open connections"). */
  waitingFor?: () => string;
  /**
   * The longest the step may take. When it runs out the stop goes on without it (logged), so one
   * stuck step can never hold the process: the step itself should have forced its way out by then.
   */
  budgetMs: number;
  run(): Promise<void>;
}

/**
 * What to undo on shutdown, in reverse order of starting (the API before the workers before the
 * connection). Every step says what it is waiting for as it starts and has a bounded time; a step
 * that fails or overruns is logged and the others still run, so one failure leaves nothing else behind.
 */
export class StopList {
  readonly #groups: StopStep[][] = [];

  constructor(private readonly log: Logger) {}

  /**
   * Registers the undoing of what was just started: it runs before everything registered earlier.
   * Several steps given at once run at the same time (things that no longer need each other).
   */
  add(...steps: StopStep[]): void {
    this.#groups.unshift(steps);
  }

  async run(): Promise<void> {
    for (const group of this.#groups) await Promise.all(group.map((step) => runStep(step, this.log)));
  }
}

const running = new Set<string>();

/** The stop steps running right now, for a line saying what a stop that overran was still waiting for. */
export const runningStopSteps = (): string[] => [...running];

/** Runs one stop step within its budget, with a line when it starts and one when it is done or overran. */
export async function runStep(step: StopStep, log: Logger): Promise<void> {
  const startedAt = Date.now();
  const waiting = step.waitingFor?.();
  log.info(`stopping ${step.name}${waiting ? `: ${waiting}` : ''}`);
  running.add(step.name);
  let timer: NodeJS.Timeout | undefined;
  const overran = new Promise<'overran'>((resolve) => {
    timer = setTimeout(() => resolve('overran'), step.budgetMs);
  });
  try {
    const outcome = await Promise.race([step.run().then(() => 'done' as const), overran]);
    if (outcome === 'overran') {
      log.warn(`stopping ${step.name}: not done after ${step.budgetMs} ms; going on without it`);
    } else {
      log.debug(`stopped ${step.name} in ${Date.now() - startedAt} ms`);
    }
  } catch (error) {
    log.warn({ err: error }, `error while stopping ${step.name}`);
  } finally {
    clearTimeout(timer);
    running.delete(step.name);
  }
}
