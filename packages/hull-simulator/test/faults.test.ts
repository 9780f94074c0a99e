/** Fault injection on the firehose and REST: failures happen before any ingestion. */
import axios from 'axios';
import { HullSimulator } from '../src';
import { asUser, message, restClient, sendBatch } from './support';

describe('Hull simulator fault injection', () => {
  let sim: HullSimulator;

  afterEach(() => sim.stop());

  it('fails the whole firehose POST with a 5xx and ingests nothing, so a retry applies it once', async () => {
    sim = new HullSimulator({ failures: { target: 'firehose', status: 503, times: 2 } });
    await sim.start();
    const batch = [
      message(sim, 'track', { event: 'Signed Up', event_id: 'e-1' }, asUser({ email: 'ada@example.org' })),
    ];

    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt += 1) statuses.push((await sendBatch(sim, batch)).status);

    expect(statuses).toEqual([503, 503, 200]);
    expect(sim.users()).toHaveLength(1);
    expect(sim.eventsOf(sim.users()[0]!.id)).toHaveLength(1);
    expect(sim.firehoseBatches).toHaveLength(1);
    expect(sim.requestLog.map((entry) => [entry.target, entry.status])).toEqual([
      ['firehose', 503],
      ['firehose', 503],
      ['firehose', 200],
    ]);
  });

  it('fails matching REST paths with a fixed status and leaves others alone', async () => {
    sim = new HullSimulator({ failures: [{ target: 'rest', path: '/api/v1/search/*', status: 502 }] });
    await sim.start();
    const api = restClient(sim);

    expect((await api.post('search/user_reports', {})).status).toBe(502);
    expect((await api.get('app')).status).toBe(200);
    expect((await sendBatch(sim, [])).status).toBe(200);
  });

  it('fails a reproducible share of requests with an error rate', async () => {
    const run = async (): Promise<number[]> => {
      sim = new HullSimulator({ failures: { errorRate: 0.5 }, randomSeed: 7 });
      await sim.start();
      const statuses: number[] = [];
      for (let index = 0; index < 20; index += 1) statuses.push((await restClient(sim).get('app')).status);
      await sim.stop();
      return statuses;
    };

    const first = await run();
    const second = await run();

    expect(first).toEqual(second);
    expect(first.filter((status) => status === 503).length).toBeGreaterThan(2);
    expect(first.filter((status) => status === 200).length).toBeGreaterThan(2);
  });

  it('adds latency and can be reconfigured at runtime', async () => {
    sim = new HullSimulator();
    await sim.start();
    sim.setFailures({ method: 'GET', path: '/api/v1/app', latencyMs: 5, status: 429 });

    expect((await restClient(sim).get('app')).status).toBe(429);
    sim.setFailures(undefined);
    expect((await restClient(sim).get('app')).status).toBe(200);
  });

  it('never faults the public key route, so signatures stay verifiable', async () => {
    sim = new HullSimulator({ failures: { status: 500 } });
    await sim.start();

    expect((await axios.get(sim.publicKeyUrl)).status).toBe(200);
  });
});
