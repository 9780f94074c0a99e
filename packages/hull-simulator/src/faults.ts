/**
 * Fault injection for the firehose and REST routes, so the engine's Hull client retry rules
 * (up to 2 immediate retries on timeouts and statuses >= 500, none on 4xx) can be tested.
 * A failed request is answered before any ingestion happens, so a 5xx never half-applies a batch.
 */

export interface HullFaultRule {
  /** Which API the rule covers; both when omitted. The notifier's public-key route is never faulted. */
  target?: 'firehose' | 'rest';
  /** Exact path (`/api/v1/app`), path prefix ending in `/` or `*` (`/api/v1/search/*`), or a RegExp. */
  path?: string | RegExp;
  method?: string;
  /** Probability (0..1) that a matching request fails; when omitted and `status` is set, every match fails. */
  errorRate?: number;
  /** Status of the injected failure; 503 by default. */
  status?: number;
  /** Extra latency before answering (real time; keep it small in tests). */
  latencyMs?: number;
  /** Only the first N matching requests are affected ("fail twice, then succeed"). */
  times?: number;
}

export type HullFailureOptions = HullFaultRule | HullFaultRule[];

export interface FaultDecision {
  latencyMs: number;
  status?: number;
}

interface ActiveRule {
  rule: HullFaultRule;
  remaining: number;
}

function pathMatches(pattern: HullFaultRule['path'], path: string): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(path);
  if (pattern.endsWith('*')) return path.startsWith(pattern.slice(0, -1));
  if (pattern.endsWith('/')) return path.startsWith(pattern);
  return path === pattern;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];

  /** `random` is injectable so error rates are reproducible. */
  constructor(
    failures: HullFailureOptions | undefined,
    private readonly random: () => number,
  ) {
    this.set(failures);
  }

  set(failures: HullFailureOptions | undefined): void {
    const list = failures === undefined ? [] : Array.isArray(failures) ? failures : [failures];
    this.rules = list.map((rule) => ({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY }));
  }

  decide(target: 'firehose' | 'rest', method: string, path: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const active of this.rules) {
      const { rule } = active;
      if (active.remaining <= 0) continue;
      if (rule.target !== undefined && rule.target !== target) continue;
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!pathMatches(rule.path, path)) continue;
      active.remaining -= 1;
      decision.latencyMs = Math.max(decision.latencyMs, rule.latencyMs ?? 0);
      const fails = rule.errorRate !== undefined ? this.random() < rule.errorRate : rule.status !== undefined;
      if (fails && decision.status === undefined) decision.status = rule.status ?? 503;
    }
    return decision;
  }
}
