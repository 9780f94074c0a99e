/** The status workflow's folding of worker reports (src/shared/connector-status.ts), a pure function. */
import { applyWorkerReport, emptyConnectorStatus, HOUR_MS, type WorkerReport } from '../../src/shared/connector-status';

const at = Date.UTC(2026, 11, 2, 10, 30);
const report = (overrides: Partial<WorkerReport>): WorkerReport => ({
  worker: 'host:1',
  at,
  seconds: 10,
  writes: {},
  requests: 0,
  limitPerMinute: 10_000,
  ...overrides,
});

it('adds counts into the hour of the report, per what and outcome', () => {
  let status = applyWorkerReport(emptyConnectorStatus(), report({ writes: { contacts: { created: 2 } } }));
  status = applyWorkerReport(status, report({ worker: 'host:2', writes: { contacts: { created: 1, updated: 4 } } }));
  status = applyWorkerReport(
    status,
    report({ at: at + HOUR_MS - 60_000, writes: { companies: { 'failed attempts': 1 } } }),
  );
  expect(status.hours).toEqual([
    { hour: Date.UTC(2026, 11, 2, 10), writes: { contacts: { created: 3, updated: 4 } } },
    { hour: Date.UTC(2026, 11, 2, 11), writes: { companies: { 'failed attempts': 1 } } },
  ]);
  expect(Object.keys(status.workers).sort()).toEqual(['host:1', 'host:2']);
  expect(status.workers['host:1']).not.toHaveProperty('writes');
});

it('keeps 24 hours and forgets workers silent for an hour', () => {
  let status = applyWorkerReport(emptyConnectorStatus(), report({ writes: { contacts: { created: 1 } } }));
  const later = at + 24 * HOUR_MS;
  status = applyWorkerReport(status, report({ worker: 'host:2', at: later, writes: { contacts: { updated: 1 } } }));
  expect(status.hours.map((hour) => hour.hour)).toEqual([Date.UTC(2026, 11, 3, 10)]);
  expect(Object.keys(status.workers)).toEqual(['host:2']);
});

it('leaves the status it folded into as it was (the memo published before)', () => {
  const before = applyWorkerReport(emptyConnectorStatus(), report({ writes: { contacts: { created: 1 } } }));
  const copy = JSON.parse(JSON.stringify(before)) as typeof before;
  applyWorkerReport(before, report({ writes: { contacts: { created: 5 } } }));
  expect(before).toEqual(copy);
});
