import { Writable } from 'node:stream';
import pino from 'pino';
import { StopList } from '../../../src/runtime/stop-list';
import { DUPLICATE_SIGNAL_WINDOW_MS, StopSignals } from '../../../src/runtime/stop-signals';

/** A logger whose lines the test reads. */
function recordingLogger() {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as { level: number; msg: string });
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), messages: () => lines.map((line) => line.msg) };
}

describe('StopSignals', () => {
  let now = 0;
  const clock = () => now;

  it('takes the copy npm forwards of a Ctrl-C for the same request, and a later signal as forcing', () => {
    now = 1_000;
    const signals = new StopSignals(clock);
    expect(signals.stopping).toBe(false);
    expect(signals.receive()).toBe('stop');
    expect(signals.stopping).toBe(true);
    now += 5; // npm's copy, milliseconds later
    expect(signals.receive()).toBe('duplicate');
    now = 1_000 + DUPLICATE_SIGNAL_WINDOW_MS; // a person pressing Ctrl-C again
    expect(signals.receive()).toBe('force');
  });

  it('lets a signal force a stop that began otherwise (a worker failing)', () => {
    now = 0;
    const signals = new StopSignals(clock);
    signals.begin();
    now = DUPLICATE_SIGNAL_WINDOW_MS * 2;
    expect(signals.receive()).toBe('force');
  });
});

describe('StopList', () => {
  it('runs steps newest first, says what each waits for, and goes on past a failing or stuck one', async () => {
    const { log, messages } = recordingLogger();
    const order: string[] = [];
    const stops = new StopList(log);
    stops.add({ name: 'the dev server', budgetMs: 1_000, run: () => Promise.resolve(void order.push('dev server')) });
    stops.add({ name: 'the stuck one', budgetMs: 20, run: () => new Promise<void>(() => undefined) });
    stops.add({ name: 'the failing one', budgetMs: 1_000, run: () => Promise.reject(new Error('boom')) });
    stops.add(
      {
        name: 'the API',
        waitingFor: () => '2 open connections',
        budgetMs: 1_000,
        run: () => Promise.resolve(void order.push('api')),
      },
      { name: 'the other', budgetMs: 1_000, run: () => Promise.resolve(void order.push('other')) },
    );

    await stops.run();

    expect(order).toEqual(['api', 'other', 'dev server']);
    expect(messages()).toEqual(
      expect.arrayContaining([
        'stopping the API: 2 open connections',
        'error while stopping the failing one',
        'stopping the stuck one: not done after 20 ms; going on without it',
        'stopping the dev server',
      ]),
    );
  });
});
