/**
 * `npm start` as a user runs it: a real process tree (npm → node → temporal dev server) in
 * sandbox mode. It must come up healthy with the Web UI, and a Ctrl-C (SIGINT to the whole process
 * group, as a terminal sends it: npm forwards a copy to node too) must drain the workers and end
 * everything with exit 0, also while a fetch-all runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from '../../src/temporal/provision/network';
import { waitFor } from '../helpers/eventually';
import {
  descendants,
  isAlive,
  killTree,
  runningApi,
  sandboxEnv,
  signalGroup,
  startNpm,
  waitForOutput,
} from '../helpers/npm-start';

describe('npm start', () => {
  it('runs the whole stack in sandbox mode and stops cleanly on a Ctrl-C to its process group', async () => {
    const [grpcPort, uiPort] = [await findFreePort(), await findFreePort()];
    const started = startNpm(sandboxEnv({ grpc: grpcPort, ui: uiPort }, mkdtempSync(join(tmpdir(), 'lifecycle-'))));
    try {
      const apiUrl = await runningApi(started);
      expect(started.output()).toMatch(/sandbox mode: no credentials configured/);
      // Its set-up ran first and found everything in place (this checkout is installed).
      expect(started.output()).toMatch(/\[setup\] dependencies: node_modules matches package-lock.json/);
      expect(started.output()).toMatch(/\[temporal\] Temporal CLI ready/);

      const health = await fetch(`${apiUrl}/health`);
      expect(health.status).toBe(200);
      expect(await health.json()).toMatchObject({ mode: 'sandbox', temporal: { connected: true } });
      const ui = await fetch(`http://127.0.0.1:${uiPort}/`);
      expect(ui.status).toBe(200);

      // The operator page, open in the sandbox (no token), links into this dev server's Web UI.
      const page = await fetch(`${apiUrl}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<body data-token-required="false">');
      const status = await waitFor(
        'the status workflow to check both connections',
        async () => {
          const body = (await (await fetch(`${apiUrl}/operator/status`)).json()) as {
            connections: { intercom: { state: string; workspaceId?: string }; hull: { state: string } };
            temporal: { uiUrl?: string; links: Array<{ url?: string }> };
          };
          return body.connections.intercom.state === 'unchecked' ? undefined : body;
        },
        60_000,
      );
      expect(status.connections).toMatchObject({
        intercom: { state: 'ok', workspaceId: 'sandboxapp' },
        hull: { state: 'ok' },
      });
      expect(status.temporal.uiUrl).toBe(`http://127.0.0.1:${uiPort}`);
      for (const link of status.temporal.links)
        expect(link.url).toMatch(new RegExp(`^http://127.0.0.1:${uiPort}/namespaces/default/workflows\\?query=`));

      // Connecting with OAuth needs no credentials in the sandbox: to the Intercom simulator's authorise page.
      const connect = await fetch(`${apiUrl}/auth/intercom`, { redirect: 'manual' });
      expect(connect.status).toBe(302);
      expect(connect.headers.get('location')).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/oauth\?client_id=sandbox-client-id&/,
      );

      const fetchAll = await fetch(`${apiUrl}/actions/fetch-all/users`, { method: 'POST' });
      expect(fetchAll.status).toBe(202);

      const tree = descendants(started.child.pid!);
      expect(tree.length).toBeGreaterThanOrEqual(2); // node (engine) and the Temporal dev server
      signalGroup(started, 'SIGINT');
      expect(await started.exited).toBe(0);
      expect(started.output()).toMatch(/"msg":"SIGINT: stopping \(press Ctrl-C again to force\)"/);
      expect(started.output()).toMatch(/"msg":"workers drained"/);
      expect(started.output()).not.toMatch(/exiting without waiting/);
      await waitForOutput(
        'every child process to exit',
        () => (tree.every((pid) => !isAlive(pid)) ? true : undefined),
        5_000,
        started.output,
      );
      expect(started.output()).toMatch(/"msg":"stopped in [\d.]+ s"/);
    } finally {
      killTree(started);
    }
  }, 240_000); // an npm start on a loaded machine: its set-up, the sandbox, Temporal, then the checks

  it('exits non-zero before starting anything when the configuration is invalid', async () => {
    const started = startNpm({ INTERCOM_API_URL: 'not-a-url' });
    expect(await started.exited).not.toBe(0);
    expect(started.output()).toMatch(/INTERCOM_API_URL: must be an absolute http\(s\) URL/);
    expect(started.output()).not.toMatch(/Temporal dev server listening/);
  });
});
