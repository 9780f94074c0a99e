import { PassThrough } from 'node:stream';
import { ActivityOutcomes, describeCounts } from '../../../src/activities/activity-outcomes';
import { createLogger } from '../../../src/logger';

describe('the per-minute summary of activity outcomes', () => {
  it('lists the outcomes in a fixed order, per kind of record', () => {
    expect(
      describeCounts({
        contacts: { 'failed attempts': 1, updated: 40, created: 3 },
        companies: { unchanged: 2 },
      }),
    ).toBe('contacts 3 created, 40 updated, 1 failed attempts; companies 2 unchanged');
    expect(describeCounts({ webhooks: { skipped: 2, 'applied to Hull': 57 } }, false)).toBe(
      '57 applied to Hull, 2 skipped',
    );
    expect(describeCounts({})).toBeUndefined();
  });

  it('logs one line per direction with what the interval counted, then starts again from zero', () => {
    const stream = new PassThrough();
    const lines: Array<{ msg: string; counts: unknown }> = [];
    stream.on('data', (chunk: Buffer) =>
      chunk
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((line) => lines.push(JSON.parse(line) as { msg: string; counts: unknown })),
    );
    let now = 0;
    const outcomes = new ActivityOutcomes(createLogger('info', 'json', stream), 60_000, () => now);
    outcomes.count({ direction: 'toIntercom', what: 'contacts', outcome: 'created' });
    outcomes.count({ direction: 'toIntercom', what: 'contacts', outcome: 'created' });
    outcomes.count({ direction: 'toIntercom', what: 'companies', outcome: 'updated' });
    outcomes.count({ direction: 'toHull', what: 'webhooks', outcome: 'applied to Hull' });
    now += 60_000;
    outcomes.summarise();
    outcomes.summarise(); // nothing happened since: no lines
    outcomes.count({ direction: 'toIntercom', what: 'contacts', outcome: 'updated' });
    now += 12_000;
    outcomes.summarise(); // the last, partial interval at a stop says how long it covers

    expect(lines.map((line) => line.msg)).toEqual([
      'writes to Intercom in the last 60 s: contacts 2 created; companies 1 updated',
      'Intercom webhooks in the last 60 s: 1 applied to Hull',
      'writes to Intercom in the last 12 s: contacts 1 updated',
    ]);
    expect(lines[0]!.counts).toEqual({ contacts: { created: 2 }, companies: { updated: 1 } });
  });
});
