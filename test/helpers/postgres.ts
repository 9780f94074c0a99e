/**
 * A throwaway PostgreSQL server for the test run: the Debian package's binaries
 * (/usr/lib/postgresql/<version>/bin, the newest found; .ci/run installs them when missing), a cluster
 * made with initdb in a temporary directory, started on a free loopback port and stopped at the end.
 * PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user (or
 * `nobody`) and every command runs as that user through runuser; otherwise it runs as is.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface TestPostgres {
  /** postgres://… of the `postgres` database; make your own with createDatabase. */
  url: string;
  port: number;
  dataDir: string;
  stop(): Promise<void>;
}

/** The newest installed PostgreSQL's bin directory, or undefined. */
export function findPostgresBin(root = '/usr/lib/postgresql'): string | undefined {
  if (process.env.POSTGRES_BIN && existsSync(join(process.env.POSTGRES_BIN, 'initdb'))) return process.env.POSTGRES_BIN;
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/** Who runs the server: as root, an unprivileged user (PostgreSQL will not run as root). */
function serverUser(): { name: string; uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
      const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
      return { name, uid, gid };
    } catch {
      // try the next user
    }
  }
  throw new Error('running as root, but neither a postgres nor a nobody user exists to run PostgreSQL as');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

export async function startTestPostgres(): Promise<TestPostgres> {
  const bin = findPostgresBin();
  if (bin === undefined) {
    throw new Error(
      'PostgreSQL is not installed: the integration tests need a real server (apt-get install -y postgresql; .ci/run does it)',
    );
  }
  const user = serverUser();
  const as = (command: string, args: string[]): [string, string[]] =>
    user === undefined ? [command, args] : ['runuser', ['-u', user.name, '--', command, ...args]];
  const dir = mkdtempSync(join(tmpdir(), 'hull-intercom-pg-'));
  const dataDir = join(dir, 'data');
  if (user !== undefined) chownSync(dir, user.uid, user.gid);
  const [initdb, initArgs] = as(join(bin, 'initdb'), [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '-N',
  ]);
  execFileSync(initdb, initArgs, { stdio: 'pipe' });
  const port = await freePort();
  const [postgres, args] = as(join(bin, 'postgres'), [
    '-D', dataDir,
    '-p', String(port),
    '-h', '127.0.0.1',
    '-k', dir,
    '-c', 'fsync=off',
    '-c', 'synchronous_commit=off',
    '-c', 'full_page_writes=off',
    '-c', 'max_connections=200',
  ]); // prettier-ignore
  let output = '';
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    port,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGINT'); // fast shutdown
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the test server (one per test file keeps files apart); returns its URL. */
export async function createDatabase(serverUrl = process.env.TEST_POSTGRES_URL): Promise<string> {
  if (serverUrl === undefined)
    throw new Error('TEST_POSTGRES_URL is not set: the integration globalSetup starts PostgreSQL');
  const name = `test_${Math.random().toString(36).slice(2, 10)}`;
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return serverUrl.replace(/\/[^/]*$/, `/${name}`);
}
