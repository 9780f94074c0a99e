/**
 * A server child process (the CLI's dev server, the Java test server): started, waited for until its
 * port accepts connections, and stopped so that nothing is left behind.
 *
 * The server runs in its own process group, under a small `sh` guard. Its own group, because a
 * terminal's Ctrl-C goes to the whole foreground group: the server would stop at once, while the
 * engine's workers still drain against it; the engine stops it last, itself. The guard, because a
 * server in another group no longer dies with the engine's group: it holds the engine's end of a
 * pipe, and when that closes (the engine stopping it, or exiting in any way, even killed) it
 * terminates the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { ProvisioningError } from './ensure-cli';
import { waitForPort } from './network';

export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** How long a server has to exit after being asked, before it and its guard are killed. */
export const SERVER_STOP_GRACE_MS = 2_000;

/**
 * `sh -c GUARD guard <command> <args...>`: starts the command in the background, and a watcher that
 * waits for the end of its standard input (fd 3, a copy kept for it) and then sends the server
 * SIGTERM. The guard exits with the server's status, also when the server exits on its own.
 */
const GUARD = [
  'exec 3<&0',
  '"$@" </dev/null 3<&- &',
  'server=$!',
  '{ cat <&3 >/dev/null; kill -TERM "$server" 2>/dev/null; } &',
  'exec 3<&-',
  'wait "$server"',
].join('\n');

const hasExited = (child: ChildProcess): boolean => child.exitCode !== null || child.signalCode !== null;

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child)) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

function spawnGuarded(command: string, args: string[], output: Writable | undefined): ChildProcess {
  const stdio = ['pipe', output ? 'pipe' : 'ignore', output ? 'pipe' : 'ignore'] as const;
  if (process.platform === 'win32') return spawn(command, args, { stdio: [...stdio] });
  return spawn('sh', ['-c', GUARD, 'temporal-server-guard', command, ...args], { stdio: [...stdio], detached: true });
}

/** Kills the guard's whole group (the guard, the server, the watcher); the child itself elsewhere. */
function killAll(child: ChildProcess): void {
  try {
    if (process.platform !== 'win32' && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    else child.kill('SIGKILL');
  } catch {
    // Already gone.
  }
}

export async function startServerProcess(
  command: string,
  args: string[],
  options: { output?: Writable; host: string; port: number; timeoutMs: number; name: string; logHint?: string },
): Promise<ServerProcess> {
  const { output } = options;
  const child = spawnGuarded(command, args, output);
  if (output) {
    child.stdout?.pipe(output, { end: false });
    child.stderr?.pipe(output, { end: false });
  }
  // The pipe is the guard's lifeline, not a channel: nothing is written to it.
  child.stdin?.on('error', () => undefined);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });

  const stop = async () => {
    child.stdin?.end();
    if (process.platform === 'win32') child.kill('SIGTERM');
    if (!(await waitForExit(child, SERVER_STOP_GRACE_MS))) {
      killAll(child);
      await waitForExit(child, 1_000);
    }
  };

  if (!(await waitForPort(options.host, options.port, options.timeoutMs, () => !exited))) {
    const why = exited ? `it exited with ${child.exitCode}` : 'timed out';
    killAll(child);
    await stop();
    throw new ProvisioningError(
      `the ${options.name} did not accept connections on ${options.host}:${options.port} (${why})${options.logHint ?? ''}`,
    );
  }
  return { child, stop };
}
