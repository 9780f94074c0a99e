/**
 * A server child process (the CLI's dev server, the Java test server): started, waited for until its
 * port accepts connections, and stopped so that nothing is left behind.
 *
 * The server runs in a process group of its own, under a small guard process. Its own group,
 * because a terminal's Ctrl-C goes to the whole foreground group: the server would stop at once,
 * while the engine's workers still drain against it; the engine stops it last, itself. The guard,
 * because a server in another group no longer dies with the engine's: the guard holds the engine's
 * end of a pipe, and when that closes (the engine stopping it, or exiting in any way, even killed)
 * it terminates the server. The guard is node itself, so it reaps the server (no zombie is left,
 * even where PID 1 reaps nothing) and runs wherever the engine does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { ProvisioningError } from './ensure-cli';
import { waitForPort } from './network';

export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** How long a server has to exit after being asked, before it is killed. */
export const SERVER_STOP_GRACE_MS = 2_000;

/**
 * The guard: `node -e GUARD <command> <args...>`. Standard input closing asks the server to exit
 * (SIGTERM, then SIGKILL 5 s later if the engine is no longer there to insist); SIGTERM to the guard
 * kills the server at once. The guard exits with the server's status.
 */
const GUARD = `
const { spawn } = require('node:child_process');
const [command, ...args] = process.argv.slice(1);
const server = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
const running = () => server.exitCode === null && server.signalCode === null;
const ask = () => {
  if (running()) server.kill('SIGTERM');
  setTimeout(() => running() && server.kill('SIGKILL'), 5000).unref();
};
process.stdin.on('end', ask).on('error', ask).resume();
process.on('SIGTERM', () => running() && server.kill('SIGKILL'));
process.on('SIGINT', () => undefined);
server.on('error', (error) => { console.error(error.message); process.exit(127); });
server.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 0 : 128)));
`;

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

/** Kills the guard's whole group (the guard and the server): the last resort when the guard is stuck. */
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
  const child = spawn(process.execPath, ['-e', GUARD, command, ...args], {
    stdio: ['pipe', output ? 'pipe' : 'ignore', output ? 'pipe' : 'ignore'],
    detached: true,
  });
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
    if (await waitForExit(child, SERVER_STOP_GRACE_MS)) return;
    child.kill('SIGTERM'); // the guard kills the server, reaps it and exits
    if (!(await waitForExit(child, 700))) {
      killAll(child);
      await waitForExit(child, 300);
    }
  };

  if (!(await waitForPort(options.host, options.port, options.timeoutMs, () => !exited))) {
    const why = exited ? `it exited with ${child.exitCode}` : 'timed out';
    child.kill('SIGTERM');
    await stop();
    throw new ProvisioningError(
      `the ${options.name} did not accept connections on ${options.host}:${options.port} (${why})${options.logHint ?? ''}`,
    );
  }
  return { child, stop };
}
