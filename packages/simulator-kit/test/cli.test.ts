/** The standalone entry point refuses options it cannot read before it starts anything. */
import { runStandalone, type StandaloneSimulator } from '../src';

const neverStarted: StandaloneSimulator = {
  start: () => Promise.reject(new Error('must not start')),
  stop: () => Promise.resolve(),
  snapshot: () => ({}),
  restore: () => {},
};

const spec = {
  name: 'test simulator',
  defaultPort: 4999,
  numbers: { users: 3 },
  create: () => neverStarted,
  seed: () => ({}),
  describe: () => [],
};

describe('runStandalone', () => {
  it.each([
    [['--port', 'eighty'], '--port: must be a whole number (got "eighty")'],
    [['--users=-1'], '--users: must be a whole number (got "-1")'],
  ])('refuses %j', async (argv, message) => {
    await expect(runStandalone(spec, argv)).rejects.toThrow(message);
  });

  it('refuses an option it does not know', async () => {
    await expect(runStandalone(spec, ['--colour', 'blue'])).rejects.toThrow(/Unknown option '--colour'/);
  });
});
