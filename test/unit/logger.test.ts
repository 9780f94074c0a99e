import { PassThrough } from 'node:stream';
import { createLogger, logFormatFor } from '../../src/logger';

const captured = () => {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
};

describe('the logger', () => {
  it('prints readable lines at a terminal and JSON elsewhere, unless LOG_FORMAT says', () => {
    expect(logFormatFor(undefined, true)).toBe('pretty');
    expect(logFormatFor(undefined, false)).toBe('json');
    expect(logFormatFor('json', true)).toBe('json');
    expect(logFormatFor('pretty', false)).toBe('pretty');
  });

  it('pretty: one readable line, without the process and SDK context, prefixed for the API and the SDK', () => {
    const out = captured();
    const log = createLogger('info', 'pretty', out.stream);
    log.info({ pages: 3 }, 'fetch-all users: done');
    log.child({ component: 'api' }).info('Server listening');
    log
      .child({ component: 'temporal' })
      .warn({ sdkComponent: 'worker', taskQueue: 'q', namespace: 'n', taskToken: 'CiQwMWEy' }, 'slow poll');
    log.debug('not shown at info');
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: fetch-all users: done \{"pages":3\}$/);
    expect(lines[1]).toMatch(/INFO: api: Server listening$/);
    expect(lines[2]).toMatch(/WARN: temporal: slow poll$/);
    expect(out.text()).not.toMatch(/hostname|pid|namespace|taskQueue|taskToken|CiQwMWEy/);
  });

  it('keeps secrets out of both formats', () => {
    for (const format of ['json', 'pretty'] as const) {
      const out = captured();
      createLogger('info', format, out.stream).info(
        { config: { accessToken: 'tok-123' }, headers: { authorization: 'Bearer tok-123' } },
        'configured',
      );
      expect(out.text()).toMatch(/configured/);
      expect(out.text()).not.toMatch(/tok-123/);
      expect(out.text()).toMatch(/\[redacted\]/);
    }
  });
});
