/**
 * `npm run bench:stop`: how `npm start` stops, measured the way people stop it. Each try starts a
 * fresh sandbox (`npm start` in a session of its own, as under `setsid`) and stops it one of two
 * ways: SIGINT to the whole process group (a terminal's Ctrl-C: npm and node both get it) or
 * SIGTERM to the engine's node process (a process manager); either when quiet (8 s after Hull's
 * first notifications arrived), or busy: a second after a fetch-all of users, leads and companies
 * started, while those notifications are still being written to Intercom. A try passes when `npm start` exits 0 within 10 s, the workers drained, and
 * no process it started is left. Times are reported, never asserted.
 *
 *   npm run bench:stop              20 tries of each of the four series
 *   STOP_TRIES=3 STOP_LOADS=busy STOP_KINDS=SIGTERM npm run bench:stop
 *
 * A try whose `npm start` does not come up (e.g. a port picked as free was taken meanwhile by one of
 * the simulators) is not a stop: it is said, and tried again.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../src/temporal/provision/network';
import {
  descendants,
  engineProcess,
  isAlive,
  killTree,
  runningApi,
  sandboxEnv,
  signalGroup,
  startNpm,
  waitForOutput,
  type StartedNpm,
} from '../test/helpers/npm-start';

const STOP_LIMIT_MS = 10_000;
const TRIES = Number(process.env.STOP_TRIES ?? 20);
const LOADS = (process.env.STOP_LOADS ?? 'quiet,busy').split(',');
const KINDS = (process.env.STOP_KINDS ?? 'SIGINT,SIGTERM').split(',');

class StartFailed extends Error {}

type Kind = 'SIGINT to the group' | 'SIGTERM to node';
type Load = 'quiet' | 'busy';

interface Try {
  ok: boolean;
  stopMs: number;
  exitCode: number | null;
  drained: boolean;
  left: number[];
  /** Activities the workers were running when the stop began (from the "stopping workers" line). */
  inFlight: number;
  /** Fetch-all runs still running just before the signal (busy tries). */
  fetchesRunning: number;
  note?: string;
}

/** The try in progress, stopped with this script when it is interrupted. */
let current: StartedNpm | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    if (current) killTree(current);
    process.exit(130);
  });
}

async function oneTry(kind: Kind, load: Load): Promise<Try> {
  const dataDir = mkdtempSync(join(tmpdir(), 'stop-times-'));
  const started = startNpm(sandboxEnv({ grpc: await findFreePort(), ui: await findFreePort() }, dataDir));
  current = started;
  try {
    const api = await Promise.race([
      runningApi(started),
      started.exited.then((code) => {
        throw new StartFailed(`npm start exited with ${code} before it ran: ${started.output().slice(-300)}`);
      }),
    ]);
    // A fresh sandbox's Hull sends every synchronized user and account once: Intercom writes follow.
    await waitForOutput(
      "Hull's first notifications",
      () => (/Hull sent its synchronized users/.test(started.output()) ? true : undefined),
      60_000,
      started.output,
    );
    let fetchesRunning = 0;
    if (load === 'busy') {
      const runs: string[] = [];
      for (const entity of ['users', 'leads', 'companies']) {
        const response = await fetch(`${api}/actions/fetch-all/${entity}`, { method: 'POST' });
        if (response.status !== 202) throw new Error(`fetch-all ${entity}: ${response.status}`);
        runs.push(((await response.json()) as { status: string }).status);
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (const run of runs) {
        const { status } = (await (await fetch(`${api}${run}`)).json()) as { status: string };
        if (status === 'RUNNING') fetchesRunning += 1;
      }
    } else {
      await new Promise((resolve) => setTimeout(resolve, 8_000));
    }
    if (started.child.exitCode !== null || started.child.signalCode !== null) {
      // It ended on its own before the stop: a failure of the run, not a stop to time.
      const file = join(tmpdir(), `stop-times-failed-${Date.now()}.log`);
      writeFileSync(file, started.output());
      const how = started.child.signalCode ?? `exit ${started.child.exitCode}`;
      console.error(`[stop] npm start ended on its own (${how}) before the signal: its output is in ${file}`);
      return {
        ok: false,
        stopMs: 0,
        exitCode: started.child.exitCode,
        drained: false,
        left: [],
        inFlight: 0,
        fetchesRunning,
        note: `ended on its own (${how})`,
      };
    }
    const tree = [started.child.pid!, ...descendants(started.child.pid!)];
    const signalledAt = Date.now();
    if (kind === 'SIGINT to the group') signalGroup(started, 'SIGINT');
    else process.kill(engineProcess(started), 'SIGTERM');
    const exitCode = await started.exited;
    const stopMs = Date.now() - signalledAt;
    await new Promise((resolve) => setTimeout(resolve, 300));
    const left = tree.filter(isAlive);
    const leftCommands = left.map((pid) => {
      try {
        return execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
      } catch {
        return '(gone)';
      }
    });
    const output = started.output();
    const drained = /"msg":"workers drained"/.test(output);
    const inFlight = Number(/draining (\d+) running activit/.exec(output)?.[1] ?? 0);
    const forced = /exiting without waiting|did not finish within/.test(output);
    const ok = exitCode === 0 && stopMs < STOP_LIMIT_MS && drained && left.length === 0 && !forced;
    if (!ok) {
      const file = join(tmpdir(), `stop-times-failed-${Date.now()}.log`);
      writeFileSync(file, `${leftCommands.join('\n')}\n\n${output}`);
      console.error(`[stop] failed try: its output and what was left are in ${file}`);
    }
    return { ok, stopMs, exitCode, drained, left, inFlight, fetchesRunning, note: forced ? 'forced exit' : undefined };
  } finally {
    killTree(started);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function main(): Promise<void> {
  const rows: string[] = [];
  for (const load of (['quiet', 'busy'] as const).filter((name) => LOADS.includes(name))) {
    const kinds = (['SIGINT to the group', 'SIGTERM to node'] as const).filter((kind) =>
      KINDS.includes(kind.split(' ')[0]!),
    );
    for (const kind of kinds) {
      const tries: Try[] = [];
      for (let i = 1; i <= TRIES; i += 1) {
        let result: Try;
        try {
          result = await oneTry(kind, load);
        } catch (error) {
          if (!(error instanceof StartFailed)) throw error;
          console.error(`[stop] ${kind}, ${load}, try ${i}/${TRIES}: did not start, trying again (${error.message})`);
          i -= 1;
          continue;
        }
        tries.push(result);
        console.error(
          `[stop] ${kind}, ${load}, try ${i}/${TRIES}: exit ${result.exitCode} in ${result.stopMs} ms, ` +
            `${result.inFlight} activities in flight, ${result.fetchesRunning} fetch-alls running, drained ${result.drained}, left [${result.left.join(' ')}]` +
            `${result.note ? `, ${result.note}` : ''}${result.ok ? '' : '  <-- FAILED'}`,
        );
      }
      const times = tries.map((t) => t.stopMs);
      const busyTries = tries.filter((t) => t.inFlight > 0).length;
      const fetching = tries.filter((t) => t.fetchesRunning > 0).length;
      rows.push(
        `${kind.padEnd(20)} ${load.padEnd(6)} ${`${tries.filter((t) => t.ok).length}/${tries.length}`.padStart(6)} ` +
          `${String(Math.min(...times)).padStart(7)} ${String(median(times)).padStart(7)} ${String(Math.max(...times)).padStart(7)}` +
          `   in flight: activities in ${busyTries}/${tries.length} (max ${Math.max(...tries.map((t) => t.inFlight))}), a fetch-all in ${fetching}/${tries.length}`,
      );
    }
  }
  console.log(
    `\nstop                 load       ok  min ms  median  max ms   (exit 0 within 10 s, drained, nothing left)`,
  );
  for (const row of rows) console.log(row);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
