/** `npm run op`'s arguments: fields as JSON or text, nested by dots, the options, and the mistakes. */
import { parseOpArgs } from '../../../src/cli/op-args';

const env = { PORT: '4100', API_TOKEN: 'secret' };

it('reads the operation, its fields (JSON when they are, text otherwise) and the options', () => {
  expect(
    parseOpArgs(
      [
        'contacts.update',
        '--contact_id',
        '6571',
        '--name=Ada',
        '--custom_attributes.plan',
        'pro',
        '--custom_attributes.seats',
        '5',
        '--idempotency-key',
        'k-1',
        '--wait',
        '0',
        '--no-follow',
      ],
      env,
    ),
  ).toEqual({
    command: {
      operation: 'contacts.update',
      input: { contact_id: 6571, name: 'Ada', custom_attributes: { plan: 'pro', seats: 5 } },
      api: 'http://127.0.0.1:4100',
      token: 'secret',
      idempotencyKey: 'k-1',
      wait: 0,
      follow: false,
    },
  });
  expect(parseOpArgs(['contacts.list', '--limit', '10', '--api', 'http://engine:3000/'], {})).toEqual({
    command: { operation: 'contacts.list', input: { limit: 10 }, api: 'http://engine:3000', follow: true },
  });
  expect(
    parseOpArgs(['raw.call', '--json', '{"method":"GET","path":"/me"}', '--query.per_page', '1'], {}),
  ).toMatchObject({
    command: { input: { method: 'GET', path: '/me', query: { per_page: 1 } } },
  });
  expect(parseOpArgs(['--list'], env)).toEqual({ list: { api: 'http://127.0.0.1:4100', token: 'secret' } });
  expect(parseOpArgs(['--help'], env)).toEqual({ help: true });
});

it('says what is wrong with a command line', () => {
  expect(parseOpArgs([], env)).toEqual({ error: 'name the operation, e.g. contacts.list' });
  expect(parseOpArgs(['a.b', 'c.d'], env)).toEqual({ error: 'one operation at a time (got a.b, c.d)' });
  expect(parseOpArgs(['contacts.list', '--limit'], env)).toEqual({ error: '--limit needs a value' });
  expect(parseOpArgs(['raw.call', '--json', '[1]'], env)).toEqual({ error: '--json must be a JSON object' });
  expect(parseOpArgs(['contacts.list', '--wait', '90'], env)).toEqual({
    error: '--wait must be a whole number of seconds, 0 to 60',
  });
});
