/**
 * `npm start` as a user runs it, for the tests that drive the whole process tree (npm → node →
 * temporal dev server): start it with an environment, read what it prints, find the processes it
 * started, and make sure a failing test leaves none of them behind.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export interface StartedNpm {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs `npm start` in a session and process group of its own (as `setsid` does), npm its leader, as a
 * shell runs a foreground job: `signalGroup` then reaches npm and node at once, as a terminal's Ctrl-C.
 */
export function startNpm(env: NodeJS.ProcessEnv, args: string[] = []): StartedNpm {
  let output = '';
  const child = spawn('npm', ['start', ...(args.length > 0 ? ['--', ...args] : [])], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Sends `signal` to the whole process group of the started npm, as a terminal does on Ctrl-C. */
export const signalGroup = (started: StartedNpm, signal: NodeJS.Signals): void => {
  process.kill(-started.child.pid!, signal);
};

/** The engine's node process (npm's child, `exec`ed by the start script's shell). */
export function engineProcess(started: StartedNpm): number {
  const pid = execFileSync('pgrep', ['-P', String(started.child.pid), '-f', 'src/main.ts'], { encoding: 'utf8' })
    .split('\n')
    .find(Boolean);
  if (pid === undefined) throw new Error('no engine process under npm');
  return Number(pid);
}

/** The environment of a sandbox `npm start` on its own ports and data directory, whatever the shell has set. */
export const sandboxEnv = (ports: { grpc: number; ui: number }, dataDir: string): NodeJS.ProcessEnv => ({
  PORT: '0',
  TEMPORAL_DEV_SERVER_PORT: String(ports.grpc),
  TEMPORAL_UI_PORT: String(ports.ui),
  TEMPORAL_DATA_DIR: dataDir,
  LOG_LEVEL: 'info',
  LOG_FORMAT: 'json',
  INTERCOM_ACCESS_TOKEN: '',
  HULL_ORGANIZATION: '',
  HULL_CONNECTOR_ID: '',
  HULL_CONNECTOR_SECRET: '',
  TEMPORAL_ADDRESS: '',
});

/** Waits until `probe` finds something in the output, or fails with the output so far. */
export async function waitForOutput<T>(
  what: string,
  probe: () => T | undefined,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}; output so far:\n${output()}`);
}

/** The API's URL, once the "is running" line is printed. */
export const runningApi = (started: StartedNpm, timeoutMs = 120_000): Promise<string> =>
  waitForOutput(
    'the "is running" log line',
    () => /is running in SANDBOX mode: API (http:\/\/[\d.:]+)/.exec(started.output())?.[1],
    timeoutMs,
    started.output,
  );

/** The first JSON log line whose message matches, parsed. */
export function logLine(output: string, message: RegExp): Record<string, unknown> | undefined {
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as Record<string, unknown>;
    if (typeof entry.msg === 'string' && message.test(entry.msg)) return entry;
  }
  return undefined;
}

/** Every process below `pid` (children, grandchildren, ...). */
export function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

/**
 * Whether a process is still running. A zombie (state Z) is not: it has exited and holds nothing but
 * its pid entry until its parent, or PID 1 once the parent is gone, reads its exit status. Here PID 1
 * reaps nothing, so tsx's esbuild helper, which outlives node by a few milliseconds, stays a
 * `<defunct>` entry after a clean stop; under an init that reaps (a terminal's session, tini) it vanishes.
 */
export const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ...", comm may contain spaces and parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
};

/** Kills whatever is left of a started tree: a failing run must not leak a dev server into the suite. */
export function killTree(started: StartedNpm): void {
  // Once npm has exited its pid may already belong to another process: never signal it then.
  if (started.child.exitCode !== null || started.child.signalCode !== null) return;
  for (const pid of [...descendants(started.child.pid!), started.child.pid!]) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
}
