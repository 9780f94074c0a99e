/**
 * The benchmark's output: a table a person reads in the terminal, the one-line interpretations and
 * warnings under it, and the same data as JSON in bench/results/latest.json for comparing runs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import type { BenchConfig } from './config';
import { fixed, int, percent } from './format';
import type { ScenarioResult } from './result';

export const RESULTS_FILE = join(__dirname, 'results', 'latest.json');

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  totalSeconds: number;
  environment: { node: string; cpus: number; cpuModel: string; temporal: string };
  config: BenchConfig;
  scenarios: ScenarioResult[];
}

const COLUMNS = [
  'scenario',
  'records',
  'seconds',
  'records/s',
  'requests',
  'req/record',
  'budget share (avg/peak)',
  '429s',
  'ratio to bound',
] as const;

function row(result: ScenarioResult): string[] {
  const { traffic } = result;
  return [
    result.title,
    `${int(result.records)} ${result.unit}`,
    fixed(result.seconds, 1),
    fixed(result.recordsPerSecond, 0),
    int(traffic.requests),
    fixed(result.requestsPerRecord, 2),
    `${percent(traffic.averageBudgetShare)} / ${percent(traffic.peakBudgetShare)} of ${int(traffic.budgetPerMinute)}/min`,
    int(traffic.tooManyRequests),
    result.bound === undefined
      ? '—'
      : `${fixed(result.bound.ratio, 2)} (${result.bound.what}: ${fixed(result.bound.seconds, 1)} s)`,
  ];
}

export function formatTable(results: ScenarioResult[]): string {
  const rows = [[...COLUMNS], ...results.map(row)];
  const widths = COLUMNS.map((_, column) => Math.max(...rows.map((cells) => cells[column]!.length)));
  // Text left-aligned, numbers right-aligned, like any table of figures.
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join(' | ');
  return [line(rows[0]!), widths.map((width) => '-'.repeat(width)).join('-|-'), ...rows.slice(1).map(line)].join('\n');
}

export function formatReport(report: BenchReport): string {
  const lines = [
    '',
    `hull-intercom-sync benchmark: ${report.environment.cpus} × ${report.environment.cpuModel}, Node ${report.environment.node}, ${report.environment.temporal}`,
    '',
    formatTable(report.scenarios),
    '',
  ];
  if (report.scenarios.some((result) => result.traffic.averageBudgetShare > 1)) {
    lines.push(
      'An average above 100% is not an overrun: Intercom counts in aligned 10-s windows, so a run touching parts of',
      'N + 1 windows may use N + 1 windows of allowance; the peak per window is the figure Intercom enforces.',
      '',
    );
  }
  for (const result of report.scenarios) {
    for (const text of result.interpretation) lines.push(`- ${result.title}: ${text}`);
    for (const warning of result.warnings) lines.push(`! ${result.title}: ${warning}`);
  }
  lines.push('', `total ${fixed(report.totalSeconds, 0)} s; JSON written to ${RESULTS_FILE}`);
  return lines.join('\n');
}

export function describeEnvironment(temporalSource: string): BenchReport['environment'] {
  const cores = cpus();
  return {
    node: process.versions.node,
    cpus: cores.length,
    cpuModel: cores[0]?.model.trim() ?? 'unknown CPU',
    temporal: temporalSource,
  };
}

/** Written in the project's Prettier style, so `prettier --check .` passes even before the file is git-ignored. */
export async function writeReport(report: BenchReport): Promise<void> {
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  const options = (await resolveConfig(RESULTS_FILE)) ?? {};
  writeFileSync(RESULTS_FILE, await format(JSON.stringify(report), { ...options, filepath: RESULTS_FILE }));
}
