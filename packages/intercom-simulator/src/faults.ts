/**
 * Fault injection for resilience tests: 5xx answers with Intercom error bodies, added latency, dropped
 * connections (socket destroyed without a response), lost answers (the request applied, then the socket
 * destroyed) and 429 storms. Random choices use a seeded PRNG so a
 * given configuration produces the same sequence on every run.
 */
import { IntercomHttpError } from './errors';
import { Prng } from '@hull-intercom-sync/simulator-kit';

export interface FaultConfig {
  /** Share of matching requests answered with 500/502/503 (0..1). */
  errorRate?: number;
  /** Delay added before handling each matching request. */
  latencyMs?: number;
  /** Share of matching requests whose socket is destroyed without a response (0..1). */
  dropRate?: number;
  /**
   * Share of matching requests that are *applied* and then lose their answer: the route runs (a
   * contact is created), then the socket is destroyed instead of the response being sent, as when a
   * request outlives the client's timeout on the real service (0..1).
   */
  dropAnswerRate?: number;
  /** Drops the answer of the next `count` matching requests (after applying them), whatever the rate. */
  dropAnswers?: number;
  /** Forces 429s for the next `count` matching requests and/or until clock time `untilMs`. */
  rateLimitStorm?: { count?: number; untilMs?: number };
  /** Restricts faults to requests with this method and/or a path matching this pattern. */
  match?: { method?: string; path?: RegExp };
}

export interface FaultDecision {
  latencyMs: number;
  drop: boolean;
  /** Apply the request, then destroy the socket instead of answering. */
  dropAnswer: boolean;
  error: IntercomHttpError | undefined;
  /** Set when this request must be answered with a forced 429. */
  storm: { untilMs?: number } | undefined;
}

const SERVER_ERRORS: readonly [number, string, string][] = [
  [500, 'server_error', 'Server Error'],
  [502, 'server_error', 'Bad Gateway'],
  [503, 'service_unavailable', 'Sorry, the API service is temporarily unavailable'],
];

const NO_FAULT: FaultDecision = { latencyMs: 0, drop: false, dropAnswer: false, error: undefined, storm: undefined };

export class FaultInjector {
  private config: FaultConfig | undefined;
  private stormRemaining: number | undefined;
  private answersToDrop = 0;
  private readonly random = new Prng(0x1badcafe);
  /** How latency is waited for; tests may replace it to hold a request without depending on wall time. */
  delay: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  constructor(private readonly now: () => number) {}

  set(config: FaultConfig): void {
    this.config = { ...config };
    this.stormRemaining = config.rateLimitStorm?.count;
    this.answersToDrop = config.dropAnswers ?? 0;
  }

  clear(): void {
    this.config = undefined;
    this.stormRemaining = undefined;
    this.answersToDrop = 0;
  }

  decide(method: string, path: string): FaultDecision {
    const config = this.config;
    if (!config || !this.matches(config, method, path)) return NO_FAULT;
    const decision: FaultDecision = { ...NO_FAULT, latencyMs: config.latencyMs ?? 0 };
    if (config.dropRate !== undefined && this.random.chance(config.dropRate)) return { ...decision, drop: true };
    if (config.errorRate !== undefined && this.random.chance(config.errorRate)) {
      const [status, code, message] = this.random.pick(SERVER_ERRORS);
      return { ...decision, error: new IntercomHttpError(status, code, message) };
    }
    const storm = this.stormFor(config);
    if (storm === undefined && this.answersToDrop > 0) {
      this.answersToDrop -= 1;
      return { ...decision, dropAnswer: true };
    }
    if (storm === undefined && config.dropAnswerRate !== undefined && this.random.chance(config.dropAnswerRate)) {
      return { ...decision, dropAnswer: true };
    }
    return { ...decision, storm };
  }

  private stormFor(config: FaultConfig): { untilMs?: number } | undefined {
    const storm = config.rateLimitStorm;
    if (!storm) return undefined;
    const byTime = storm.untilMs !== undefined && this.now() < storm.untilMs;
    const byCount = this.stormRemaining !== undefined && this.stormRemaining > 0;
    const unbounded = storm.untilMs === undefined && storm.count === undefined;
    if (!byTime && !byCount && !unbounded) return undefined;
    if (byCount && this.stormRemaining !== undefined) this.stormRemaining -= 1;
    return storm.untilMs === undefined ? {} : { untilMs: storm.untilMs };
  }

  private matches(config: FaultConfig, method: string, path: string): boolean {
    const match = config.match;
    if (!match) return true;
    if (match.method !== undefined && match.method.toUpperCase() !== method.toUpperCase()) return false;
    if (match.path !== undefined) {
      match.path.lastIndex = 0; // a /g pattern would otherwise remember where it last matched
      if (!match.path.test(path)) return false;
    }
    return true;
  }
}
