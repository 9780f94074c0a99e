/**
 * `npm start` as a user runs it: a real process tree (npm → node → temporal dev server) in
 * sandbox mode. It must come up healthy with the Web UI, and SIGTERM must end everything with exit 0.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/temporal/provision/network';

const ROOT = join(__dirname, '..', '..');

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startNpm(env: NodeJS.ProcessEnv): Started {
  let output = '';
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor<T>(
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

/** Every process below `pid` (children, grandchildren, ...). */
function descendants(pid: number): number[] {
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

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start', () => {
  it('runs the whole stack in sandbox mode and stops cleanly on SIGTERM', async () => {
    const [grpcPort, uiPort] = [await findFreePort(), await findFreePort()];
    const started = startNpm({
      PORT: '0',
      TEMPORAL_DEV_SERVER_PORT: String(grpcPort),
      TEMPORAL_UI_PORT: String(uiPort),
      TEMPORAL_DATA_DIR: mkdtempSync(join(tmpdir(), 'lifecycle-')),
      LOG_LEVEL: 'info',
      INTERCOM_ACCESS_TOKEN: '',
      HULL_ORGANIZATION: '',
      HULL_CONNECTOR_ID: '',
      HULL_CONNECTOR_SECRET: '',
      TEMPORAL_ADDRESS: '',
    });
    try {
      const apiUrl = await waitFor(
        'the "is running" log line',
        () => /is running in SANDBOX mode: API (http:\/\/[\d.:]+)/.exec(started.output())?.[1],
        120_000,
        started.output,
      );
      expect(started.output()).toMatch(/sandbox mode: no credentials configured/);
      // Its set-up ran first and found everything in place (this checkout is installed).
      expect(started.output()).toMatch(/\[setup\] dependencies: node_modules matches package-lock.json/);
      expect(started.output()).toMatch(/\[temporal\] Temporal CLI ready/);

      const health = await fetch(`${apiUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ mode: 'sandbox', temporal: { connected: true } });
      const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
      expect(ui.status).toBe(200);

      const tree = descendants(started.child.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(2); // node (engine) and the Temporal dev server
      started.child.kill('SIGTERM');
      expect(await started.exited).toBe(0);
      await waitFor(
        'every child process to exit',
        () => (tree.every((pid) => !isAlive(pid)) ? true : undefined),
        5_000,
        started.output,
      );
      expect(started.output()).toMatch(/"msg":"stopped"/);
    } finally {
      // A failing run must not leak a dev server into the rest of the suite.
      for (const pid of [...descendants(started.child.pid!), started.child.pid!]) {
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
    }
  });

  it('exits non-zero before starting anything when the configuration is invalid', async () => {
    const started = startNpm({ INTERCOM_API_URL: 'not-a-url' });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toMatch(/INTERCOM_API_URL: must be an absolute http\(s\) URL/);
    expect(started.output()).not.toMatch(/Temporal dev server listening/);
  });
});
