/**
 * `npm start`'s own Temporal dev server is supervised: when it dies, the engine says so and starts it
 * again on the same SQLite data, and a client that was connected to it works again within seconds
 * (gRPC's reconnect backoff is capped), with the workflows it knew still there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { loadConfig } from '../../src/config/load';
import { connectClient } from '../../src/temporal/connection';
import { provisionTemporal, type ProvisionedTemporal } from '../../src/temporal/provision';
import { findFreePort } from '../../src/temporal/provision/network';
import { eventually } from '../helpers/eventually';

describe('the owned Temporal dev server', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'temporal-restart-'));
  const lines: string[] = [];
  let server: ProvisionedTemporal | undefined;
  let client: Client | undefined;

  afterAll(async () => {
    await client?.connection.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is restarted on the same data when it dies, and the client reconnects', async () => {
    const config = loadConfig({
      TEMPORAL_DEV_SERVER_PORT: String(await findFreePort()),
      TEMPORAL_UI_PORT: String(await findFreePort()),
      TEMPORAL_DATA_DIR: dataDir,
    });
    server = await provisionTemporal({
      temporal: config.temporal,
      purpose: 'start',
      log: { info: (line) => lines.push(`info: ${line}`), warn: (line) => lines.push(`warn: ${line}`) },
    });
    client = await connectClient({ address: server.address, namespace: server.namespace });
    // A workflow no worker runs: it stays open, in the server's SQLite file.
    await client.workflow.start('noSuchWorkflow', { taskQueue: 'nobody', workflowId: 'survives-a-restart' });

    const pid = server.serverPid!()!;
    process.kill(-pid, 'SIGKILL'); // the guard and the server, as an OOM killer or a crash would
    await eventually(
      () =>
        expect(lines).toContainEqual(
          expect.stringMatching(/^warn: the Temporal dev server exited on its own \(SIGKILL/),
        ),
      10_000,
    );
    await eventually(
      () =>
        expect(lines).toContainEqual(
          expect.stringMatching(/^info: Temporal dev server restarted on .*same data \(restart 1\)/),
        ),
      60_000,
    );
    expect(server.serverPid!()).not.toBe(pid);

    const handle = client.workflow.getHandle('survives-a-restart');
    await eventually(async () => expect((await handle.describe()).status.name).toBe('RUNNING'), 30_000, 250);
  }, 120_000);
});
