/**
 * A restarted sandbox continues where it stopped (issue 7, item 3). Temporal's data survives a
 * restart in TEMPORAL_DATA_DIR, and so do the simulators' (in its `sandbox/` folder), so the Intercom
 * ids the entity workflows remember still exist: after `npm start`, a sync, a stop and a second
 * `npm start` on the same data directory, nothing has failed, and data still moves both ways —
 * including writes to contacts the first run created.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_CONNECTOR_SECRET, sampleSegmentId, SANDBOX_CONNECTOR_ID } from '@hull-intercom-sync/hull-simulator';
import { SANDBOX_CREDENTIALS } from '@hull-intercom-sync/intercom-simulator';
import { findFreePort } from '../../src/temporal/provision/network';
import { eventually } from '../helpers/eventually';
import {
  engineProcess,
  killTree,
  logLine,
  runningApi,
  sandboxEnv,
  startNpm,
  waitForOutput,
  type StartedNpm,
} from '../helpers/npm-start';

interface Sandbox {
  api: string;
  intercom: string;
  /** The Hull simulator's REST base (`.../api/v1`). */
  hull: string;
}

type Json = Record<string, unknown>;

async function sandboxOf(started: StartedNpm): Promise<Sandbox> {
  const api = await runningApi(started, 180_000);
  const line = logLine(started.output(), /^sandbox mode: no credentials configured/);
  return { api, intercom: String(line?.intercomSimulator), hull: String(line?.hullSimulator) };
}

async function json(response: Promise<Response>): Promise<Json> {
  const answer = await response;
  if (!answer.ok) throw new Error(`${answer.url}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as Json;
}

const intercom = (sandbox: Sandbox, path: string, init: RequestInit = {}): Promise<Json> =>
  json(
    fetch(`${sandbox.intercom}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${SANDBOX_CREDENTIALS.accessToken}`,
        'Content-Type': 'application/json',
        'Intercom-Version': '2.16',
      },
    }),
  );

/** Hull's user search, with the sandbox connector's credentials. */
const hullUsers = async (sandbox: Sandbox, query: Json, perPage = 100): Promise<Json[]> =>
  (
    await json(
      fetch(`${sandbox.hull}/search/user_reports`, {
        method: 'POST',
        headers: {
          'Hull-App-Id': SANDBOX_CONNECTOR_ID,
          'Hull-Access-Token': DEFAULT_CONNECTOR_SECRET,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify({ query, per_page: perPage }),
      }),
    )
  ).data as Json[];

/** Control endpoints of the simulators (no credentials): sizes and counters, another source's writes. */
const control = (base: string, path: string, init: RequestInit = {}): Promise<Json> =>
  json(fetch(`${base}/_simulator${path}`, { ...init, headers: { 'Content-Type': 'application/json' } }));

/** Waits until nothing moves in either simulator for a while: the sync has caught up. */
async function settled(sandbox: Sandbox): Promise<void> {
  const hullBase = sandbox.hull.replace(/\/api\/v1$/, '');
  let last = '';
  let unchangedSince = Date.now();
  await eventually(
    async () => {
      const [intercomStatus, hullStatus] = await Promise.all([control(sandbox.intercom, ''), control(hullBase, '')]);
      const now = JSON.stringify([intercomStatus.contacts, intercomStatus.requests, hullStatus.counters]);
      if (now !== last) {
        last = now;
        unchangedSince = Date.now();
      }
      if (Date.now() - unchangedSince < 10_000) throw new Error(`the sandbox is still moving: ${now}`);
    },
    300_000,
    1_000,
  );
}

/** Stops it as a process manager does: SIGTERM to the engine's node process. */
async function stop(started: StartedNpm): Promise<void> {
  process.kill(engineProcess(started), 'SIGTERM');
  expect(await started.exited).toBe(0);
}

describe('a restarted sandbox', () => {
  it('continues where it stopped: no failures, and both directions still move data', async () => {
    const ports = { grpc: await findFreePort(), ui: await findFreePort() };
    const env = sandboxEnv(ports, mkdtempSync(join(tmpdir(), 'sandbox-restart-')));

    // First run: seeded, and Hull's synchronized users written to Intercom.
    const first = startNpm(env);
    let remembered: Array<{ hullId: string; intercomId: string }>;
    try {
      const sandbox = await sandboxOf(first);
      await waitForOutput(
        "Hull's synchronized users to reach the engine",
        () => logLine(first.output(), /^sandbox: Hull sent its synchronized users/),
        180_000,
        first.output,
      );
      await settled(sandbox);
      // Customers whose contact the engine created or updated (it stores what it wrote on the profile).
      const written = await hullUsers(sandbox, {
        bool: {
          filter: [
            { term: { segment_ids: sampleSegmentId('Customers') } },
            { exists: { field: 'traits_intercom_user/sync_fingerprint' } },
          ],
        },
      });
      remembered = written
        .slice(0, 3)
        .map((user) => ({ hullId: String(user.id), intercomId: String(user['traits_intercom_user/id']) }));
      expect(remembered).toHaveLength(3);
      await stop(first);
    } finally {
      killTree(first);
    }

    // Second run on the same data: the simulators come back as they were.
    const second = startNpm(env);
    try {
      const sandbox = await sandboxOf(second);
      expect(logLine(second.output(), /^sandbox simulators continue from their saved state/)).toBeDefined();
      await settled(sandbox);
      expect(await json(fetch(`${sandbox.api}/failures`))).toMatchObject({ count: 0, workflows: [], runs: [] });

      // Intercom → Hull: a contact created in Intercom arrives through its webhook.
      const email = `restarted-${Date.now()}@example.org`;
      const contact = await intercom(sandbox, '/contacts', {
        method: 'POST',
        body: JSON.stringify({ role: 'user', email, external_id: `restarted-${Date.now()}`, name: 'After Restart' }),
      });
      await eventually(async () => {
        const [user] = await hullUsers(sandbox, { term: { email } });
        expect(user?.['traits_intercom_user/id']).toBe(contact.id);
      }, 120_000);

      // Hull → Intercom: another source changes users the first run wrote; the contacts it created take it.
      const hullBase = sandbox.hull.replace(/\/api\/v1$/, '');
      for (const [index, user] of remembered.entries()) {
        await control(hullBase, '/users', {
          method: 'POST',
          body: JSON.stringify({ claims: { id: user.hullId }, traits: { job_title: `Restarted ${index}` } }),
        });
      }
      for (const [index, user] of remembered.entries()) {
        await eventually(async () => {
          const written = await intercom(sandbox, `/contacts/${user.intercomId}`);
          expect(written.custom_attributes).toMatchObject({ job_title: `Restarted ${index}` });
        }, 120_000);
      }
      expect(await json(fetch(`${sandbox.api}/failures`))).toMatchObject({ count: 0, workflows: [], runs: [] });
      await stop(second);
    } finally {
      killTree(second);
    }
  }, 900_000);
});
