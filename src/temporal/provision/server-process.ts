/**
 * A server child process (the CLI's dev server, the Java test server): started, waited for until its
 * port accepts connections, and stopped so that nothing is left behind (SIGTERM, then SIGKILL).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Writable } from 'node:stream';
import { ProvisioningError } from './ensure-cli';
import { waitForPort } from './network';

export interface ServerProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise(true);
    });
  });
}

export async function startServerProcess(
  command: string,
  args: string[],
  options: { output?: Writable; host: string; port: number; timeoutMs: number; name: string; logHint?: string },
): Promise<ServerProcess> {
  const { output } = options;
  const child = spawn(command, args, { stdio: ['ignore', output ? 'pipe' : 'ignore', output ? 'pipe' : 'ignore'] });
  if (output) {
    child.stdout?.pipe(output, { end: false });
    child.stderr?.pipe(output, { end: false });
  }
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  if (!(await waitForPort(options.host, options.port, options.timeoutMs, () => !exited))) {
    child.kill('SIGKILL');
    throw new ProvisioningError(
      `the ${options.name} did not accept connections on ${options.host}:${options.port} ` +
        `(${exited ? `it exited with ${child.exitCode}` : 'timed out'})${options.logHint ?? ''}`,
    );
  }
  return {
    child,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 2_000);
      }
    },
  };
}
