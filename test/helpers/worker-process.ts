/**
 * Runs engine workers as a separate OS process, exactly as `npm run start:worker` does, so tests can
 * kill one with SIGKILL mid-run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Harness } from './engine-harness';
import { SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';

export interface WorkerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnWorker(harness: Harness): WorkerProcess {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', '--role=worker'], {
    cwd: join(__dirname, '..', '..'),
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: process.env.TEMPORAL_TEST_ADDRESS,
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_TEST_NAMESPACE ?? 'default',
      TEMPORAL_TASK_QUEUE: harness.taskQueue,
      INTERCOM_API_URL: harness.intercom.url,
      INTERCOM_ACCESS_TOKEN: SANDBOX_CREDENTIALS.accessToken,
      INTERCOM_CLIENT_SECRET: SANDBOX_CREDENTIALS.clientSecret,
      HULL_ORGANIZATION: harness.hull.organization,
      HULL_CONNECTOR_ID: harness.hull.connectorId,
      HULL_CONNECTOR_SECRET: harness.hull.connectorSecret,
      HULL_API_URL: harness.hull.apiUrl,
      HULL_FIREHOSE_URL: harness.hull.firehoseUrl,
      LOG_LEVEL: 'warn',
      SETTINGS_FILE: '',
      ACTIVATIONS_DATABASE_URL: harness.databaseUrl ?? '',
      ACTIVATIONS_SOURCE_DATABASE_URL: harness.databaseUrl ?? '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}
