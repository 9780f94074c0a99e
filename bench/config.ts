/**
 * Benchmark sizes and budgets, from BENCH_* environment variables so a quick run (or a bigger one)
 * needs no code change. The defaults keep the whole run around five minutes on two cores.
 */

export interface BenchConfig {
  /** Intercom users and leads seeded for the fetch-all scenarios. */
  intercomUsers: number;
  intercomLeads: number;
  /** Intercom companies seeded (Intercom lists only those with at least one contact). */
  intercomCompanies: number;
  /** Hull users pushed to Intercom in the outgoing scenario. */
  pushUsers: number;
  /** Of those, how many get one mapped attribute changed in the steady-state scenario. */
  updateUsers: number;
  /** The Intercom app's budget for the main scenarios (Intercom's default for private apps). */
  rateLimitPerMinute: number;
  /** The pacing scenario: a smaller app budget and a push sized to take about a minute. 0 users skips it. */
  lowRatePerMinute: number;
  lowRateUsers: number;
  /**
   * Whether the engine is told the low budget (INTERCOM_RATE_LIMIT_PER_MINUTE). By default it is not:
   * it keeps its 10,000/min default and must learn the real budget from the X-RateLimit-* headers.
   */
  lowRateTellEngine: boolean;
  /** Longest wait for any one scenario before the run is declared failed. */
  scenarioTimeoutMs: number;
  /** The activation scenario: rows of the small and the large run (0 skips it), the share changed for the re-run. */
  activationSmallRows: number;
  activationRows: number;
  activationChangedShare: number;
  /** The Intercom app's budget for the activation scenario (Intercom raises limits on request). */
  activationRateLimitPerMinute: number;
  /** `activation`: only the activation scenario; `push`: only the push and steady-state scenarios. */
  only?: 'activation' | 'push';
}

function positiveInteger(name: string, fallback: number, { allowZero = false } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) {
    throw new Error(`${name}: must be a whole number ${allowZero ? '≥ 0' : '≥ 1'} (got "${raw}")`);
  }
  return value;
}

function flag(name: string): boolean {
  const raw = process.env[name]?.trim().toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes';
}

const ONLY_VALUES = ['activation', 'push'] as const;

function benchOnly(): BenchConfig['only'] {
  const raw = process.env.BENCH_ONLY?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = ONLY_VALUES.find((only) => only === raw);
  if (value === undefined) throw new Error(`BENCH_ONLY: one of ${ONLY_VALUES.join(', ')} (got "${raw}")`);
  return value;
}

export function loadBenchConfig(): BenchConfig {
  const config: BenchConfig = {
    intercomUsers: positiveInteger('BENCH_INTERCOM_USERS', 10_000),
    intercomLeads: positiveInteger('BENCH_INTERCOM_LEADS', 2_000),
    intercomCompanies: positiveInteger('BENCH_INTERCOM_COMPANIES', 1_000),
    pushUsers: positiveInteger('BENCH_USERS', 5_000),
    updateUsers: positiveInteger('BENCH_UPDATES', 500),
    rateLimitPerMinute: positiveInteger('BENCH_RATE_LIMIT_PER_MINUTE', 10_000),
    lowRatePerMinute: positiveInteger('BENCH_LOW_RATE_PER_MINUTE', 1_000),
    lowRateUsers: positiveInteger('BENCH_LOW_RATE_USERS', 250, { allowZero: true }),
    lowRateTellEngine: flag('BENCH_LOW_RATE_TELL_ENGINE'),
    scenarioTimeoutMs: positiveInteger('BENCH_SCENARIO_TIMEOUT_SECONDS', 600) * 1000,
    activationSmallRows: positiveInteger('BENCH_ACTIVATION_SMALL_ROWS', 10_000),
    activationRows: positiveInteger('BENCH_ACTIVATION_ROWS', 100_000, { allowZero: true }),
    activationChangedShare: 0.01,
    activationRateLimitPerMinute: positiveInteger('BENCH_ACTIVATION_RATE_LIMIT_PER_MINUTE', 100_000),
    only: benchOnly(),
  };
  if (config.updateUsers > config.pushUsers) {
    throw new Error(`BENCH_UPDATES (${config.updateUsers}) cannot exceed BENCH_USERS (${config.pushUsers})`);
  }
  return config;
}
