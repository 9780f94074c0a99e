/**
 * The sandbox's PostgreSQL: PGlite (PostgreSQL compiled to WebAssembly) served on a loopback port
 * through pglite-socket, in a child process of its own (database-server.mjs), so the engine reaches
 * it with its ordinary `pg` driver, as it would a real server, and its queries never hold up the
 * engine's workers. It holds the activations' own database and a sample source table,
 * `sample_customers`, that the sandbox's sample activation reads. Its files live in the sandbox's
 * state directory, so a restart keeps the activations' diff state beside the simulators' data.
 *
 * PGlite is one connection underneath: the socket server multiplexes several clients' statements onto
 * it, which suits the engine (every statement it sends stands alone) but not a real workload.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface SandboxDatabase {
  url: string;
  stop(): Promise<void>;
}

/** How many rows the sample source has (a fresh sandbox). */
export const SAMPLE_CUSTOMERS = 120;

export async function startSandboxDatabase(stateDir: string): Promise<SandboxDatabase> {
  const child = spawn(
    process.execPath,
    [join(__dirname, 'database-server.mjs'), join(stateDir, 'activations-db'), String(SAMPLE_CUSTOMERS)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the sandbox database did not start in 60 s: ${output}`)), 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox database exited (${code}): ${output}`));
    });
  });
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
