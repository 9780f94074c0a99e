/**
 * The scenarios in order, on two stacks sharing one Temporal server: the main stack at the app's
 * normal budget (fetch-all, push, steady state, which builds on the push), then a fresh stack whose
 * Intercom app has a smaller budget, to show pacing. Each stack is stopped before the next starts so
 * the two never compete for the CPU being measured.
 */
import { onCleanup } from './cleanup';
import type { BenchConfig } from './config';
import { fixed, int } from './format';
import { benchConnectorSettings, COHORT_SEGMENT, createCohort } from './hull-cohort';
import type { ScenarioResult } from './result';
import { fetchAllScenario } from './scenarios/fetch-all';
import { pushScenario } from './scenarios/push';
import { unchangedScenario, updateScenario } from './scenarios/steady-state';
import { activationScenarios } from './scenarios/activation';
import { startStack, type Stack } from './stack';
import type { BenchTemporal } from './temporal';

const say = (message: string) => console.error(`[bench] ${message}`);

async function measured(results: ScenarioResult[], run: () => Promise<ScenarioResult>): Promise<void> {
  const result = await run();
  results.push(result);
  say(
    `${result.title}: ${int(result.records)} ${result.unit} in ${fixed(result.seconds, 1)} s, ` +
      `${int(result.traffic.requests)} Intercom requests, ${int(result.traffic.tooManyRequests)} × 429`,
  );
}

/** Companies Intercom lists: only those with at least one contact. */
function listedCompanies(stack: Stack): number {
  return stack.intercom.listedCompanies().length;
}

async function withStack(
  options: Parameters<typeof startStack>[0],
  work: (stack: Stack) => Promise<void>,
): Promise<void> {
  say(`starting the ${options.name} stack (simulators + engine)`);
  const stack = await startStack(options);
  const stop = onCleanup(`the ${options.name} stack`, () => stack.stop());
  try {
    await work(stack);
  } finally {
    await stop();
  }
}

export async function runPlan(config: BenchConfig, temporal: BenchTemporal): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const timeout = config.scenarioTimeoutMs;
  const activations = async () => {
    if (config.activationRows === 0) return;
    say(
      `activation scenario: ${int(config.activationSmallRows)} then ${int(config.activationRows)} rows from PostgreSQL, then a re-run`,
    );
    results.push(
      ...(await activationScenarios(temporal, {
        smallRows: config.activationSmallRows,
        largeRows: config.activationRows,
        changedShare: config.activationChangedShare,
        rateLimitPerMinute: config.activationRateLimitPerMinute,
        timeoutMs: Math.max(timeout, 1_800_000),
      })),
    );
  };
  if (config.only === 'activation') {
    await activations();
    return results;
  }
  const common = { temporal, settings: benchConnectorSettings(), segments: [COHORT_SEGMENT] };

  await withStack(
    {
      ...common,
      name: 'main',
      intercomRateLimitPerMinute: config.rateLimitPerMinute,
      engineRateLimitPerMinute: config.rateLimitPerMinute,
    },
    async (stack) => {
      const seeded = stack.intercom.seed({
        users: config.intercomUsers,
        leads: config.intercomLeads,
        companies: config.intercomCompanies,
        seed: 11,
      });
      say(
        `seeded Intercom with ${int(seeded.users)} users, ${int(seeded.leads)} leads, ${int(seeded.companies)} companies`,
      );
      if (config.only !== 'push') {
        await measured(results, () => fetchAllScenario(stack, 'users', seeded.users, timeout));
        await measured(results, () => fetchAllScenario(stack, 'leads', seeded.leads, timeout));
        await measured(results, () => fetchAllScenario(stack, 'companies', listedCompanies(stack), timeout));
      }

      const cohort = createCohort(stack.hull, config.pushUsers, 'push');
      say(`created ${int(config.pushUsers)} Hull users in the "${COHORT_SEGMENT.name}" segment; notifying the engine`);
      await measured(results, () =>
        pushScenario(stack, cohort, { id: 'push', title: 'push new users', timeoutMs: timeout }),
      );
      await measured(results, () => updateScenario(stack, cohort, config.updateUsers, timeout));
      await measured(results, () => unchangedScenario(stack, cohort, config.updateUsers, timeout));
    },
  );

  if (config.only === 'push') return results;
  if (config.lowRateUsers > 0) await lowRate();
  await activations();
  return results;

  async function lowRate() {
    await withStack(
      {
        ...common,
        name: 'low-rate',
        intercomRateLimitPerMinute: config.lowRatePerMinute,
        engineRateLimitPerMinute: config.lowRateTellEngine ? config.lowRatePerMinute : undefined,
      },
      async (stack) => {
        // A small realistic workspace, so the engine's lookups search real data.
        stack.intercom.seed({ users: 500, leads: 100, companies: 50, seed: 12 });
        const cohort = createCohort(stack.hull, config.lowRateUsers, 'paced');
        const told = config.lowRateTellEngine ? 'configured with it' : 'left at its 10,000/min default';
        say(
          `pushing ${int(config.lowRateUsers)} users to an app limited to ${int(config.lowRatePerMinute)}/min (engine ${told})`,
        );
        await measured(results, () =>
          pushScenario(stack, cohort, {
            id: 'push-low-rate',
            title: `push at ${int(config.lowRatePerMinute)}/min`,
            timeoutMs: timeout,
          }),
        );
      },
    );
  }
}
