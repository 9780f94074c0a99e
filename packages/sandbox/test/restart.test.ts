/**
 * A restarted sandbox continues where it stopped: the simulators come back with the data, ids and
 * settings of the last run (what Temporal's workflows remember), Hull does not announce its users a
 * second time, and saved state that cannot be used is refused with a reason.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { listenOnLoopback } from '@hull-intercom-sync/simulator-kit';
import {
  SANDBOX_SEED,
  SandboxStateError,
  startSandbox,
  stateFiles,
  type RunningSandbox,
  type SandboxOptions,
} from '../src';

const quiet = { info: () => {}, warn: () => {} };

/** Stands in for the engine's API: accepts every webhook and notification, and counts them. */
async function engineStub(): Promise<{ url: string; received: string[]; stop(): Promise<void> }> {
  const received: string[] = [];
  const app = Fastify({ logger: false, bodyLimit: 50 * 1024 * 1024 });
  app.post('/*', (request) => {
    received.push(request.url);
    return { flow_control: { type: 'next' } };
  });
  return { url: await listenOnLoopback(app), received, stop: () => app.close() };
}

const options = (stateDir: string): SandboxOptions => ({
  log: quiet,
  stateDir,
  webhookTopics: ['contact.user.created'],
  connectorSettings: (segmentId) => ({ synchronized_user_segments: [segmentId('Customers')] }),
});

describe('the sandbox across restarts', () => {
  let engine: Awaited<ReturnType<typeof engineStub>>;
  const running: RunningSandbox[] = [];

  beforeEach(async () => {
    engine = await engineStub();
  });

  afterEach(async () => {
    await Promise.all(running.splice(0).map((sandbox) => sandbox.stop()));
    await engine.stop();
  });

  async function start(stateDir: string): Promise<RunningSandbox> {
    const sandbox = await startSandbox(options(stateDir));
    running.push(sandbox);
    return sandbox;
  }

  it('seeds a fresh sandbox, and restores it after a stop with its ids, changes and settings', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const first = await start(stateDir);
    expect(first.restored).toBe(false);
    expect(first.intercom.store.contacts.size).toBe(SANDBOX_SEED.intercom.users + SANDBOX_SEED.intercom.leads);
    await first.connectEngine(engine.url);
    await first.hull.flushNotifications();
    const notifications = () => engine.received.filter((url) => url === '/hull/notifications').length;
    expect(notifications()).toBeGreaterThan(0);

    const contact = first.intercom.createContact({ role: 'user', email: 'restart@example.org', name: 'Restart' });
    const user = first.hull.upsertUser({ email: 'restart@example.org' }, { 'intercom_user/id': contact.id });
    first.hull.setPrivateSettings({ ...first.hull.privateSettings, users_last_fetch_timestamp: 1_700_000_000 });
    await Promise.all([first.hull.flushNotifications(), first.intercom.flushWebhooks()]);
    const before = { intercom: first.intercom.snapshot(), hull: first.hull.snapshot() };
    const sentBeforeTheStop = notifications();
    await first.stop();
    running.splice(0);

    const second = await start(stateDir);
    expect(second.restored).toBe(true);
    expect(second.intercom.snapshot()).toEqual(before.intercom);
    expect(second.hull.snapshot()).toEqual(before.hull);
    expect(second.hull.findUser({ email: 'restart@example.org' })?.id).toBe(user.id);
    expect(second.hull.privateSettings).toMatchObject({ users_last_fetch_timestamp: 1_700_000_000 });

    await second.connectEngine(engine.url);
    await second.hull.flushNotifications();
    expect(notifications()).toBe(sentBeforeTheStop);
  });

  it('writes the state at start, so a run that never stops cleanly leaves it behind', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    const sandbox = await start(stateDir);
    const files = stateFiles(stateDir);
    expect(files.intercom.read()).toEqual(JSON.parse(JSON.stringify(sandbox.intercom.snapshot())));
    expect(files.hull.read()).toEqual(JSON.parse(JSON.stringify(sandbox.hull.snapshot())));
  });

  it('refuses saved state that is half there or not JSON, naming the file', async () => {
    const halfDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    writeFileSync(join(halfDir, 'intercom.json'), '{}');
    await expect(startSandbox(options(halfDir))).rejects.toThrow(SandboxStateError);
    await expect(startSandbox(options(halfDir))).rejects.toThrow(/hull\.json is not/);

    const brokenDir = mkdtempSync(join(tmpdir(), 'sandbox-'));
    writeFileSync(join(brokenDir, 'intercom.json'), '{"half":');
    writeFileSync(join(brokenDir, 'hull.json'), '{}');
    await expect(startSandbox(options(brokenDir))).rejects.toThrow(/intercom\.json is not valid JSON/);
  });
});
