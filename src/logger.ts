/**
 * One pino logger for the whole process. Secrets are redacted by key wherever they appear, so a
 * stray `log.info({ config })` cannot leak a token (DEVELOPERS.md: secrets never go into logs).
 *
 * Two formats: JSON lines for machines (log collectors, pipes, files), and readable lines for a
 * person at a terminal (`pretty`, through pino-pretty in this thread, so nothing is lost when the
 * process exits right after a line). LOG_FORMAT chooses; unset, a terminal gets `pretty`.
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/** LOG_FORMAT when set, otherwise readable lines when stdout is a terminal. */
export const logFormatFor = (
  configured: LogFormat | undefined,
  isTerminal = process.stdout.isTTY === true,
): LogFormat => configured ?? (isTerminal ? 'pretty' : 'json');

/**
 * Context a person does not need on each line (the JSON format keeps all of it): the process, and the
 * Temporal SDK's own metadata on workflow and activity lines (an activity's task token is a long opaque
 * string), whose workflow id stays.
 */
const HIDDEN_WHEN_PRETTY = [
  'pid',
  'hostname',
  'name',
  'component',
  'sdkComponent',
  'namespace',
  'taskQueue',
  'runId',
  'workflowRunId',
  'workflowType',
  'activityId',
  'activityType',
  'taskToken',
  'isLocal',
  'attempt',
];

export const REDACTED_KEYS = [
  'accessToken',
  'access_token',
  'clientSecret',
  'client_secret',
  'connectorSecret',
  'secret',
  'apiKey',
  'authorization',
  'Authorization',
  'hull-access-token',
  'Hull-Access-Token',
  'x-hub-signature',
];

/** The API's and the Temporal SDK's own lines say whose they are; the engine's (workflows' too) need not. */
function prefixed(line: Record<string, unknown>, messageKey: string): string {
  const raw = line[messageKey];
  const message = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
  if (line.component === 'api') return `api: ${message}`;
  if (line.sdkComponent === 'worker' || line.sdkComponent === 'core') return `temporal: ${message}`;
  return message;
}

/** `destination`: where lines go (stdout when omitted; tests pass a stream). */
export function createLogger(
  level: LevelWithSilent = 'info',
  format: LogFormat = 'json',
  destination?: NodeJS.WritableStream,
): Logger {
  const options = {
    name: 'hull-intercom-sync',
    level,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers["${key.toLowerCase()}"]`]),
      censor: '[redacted]',
    },
  };
  if (format === 'json') return destination ? pino(options, destination) : pino(options);
  return pino(
    options,
    pretty({
      ...(destination ? { destination, colorize: false } : {}),
      sync: true,
      translateTime: 'SYS:HH:MM:ss',
      ignore: HIDDEN_WHEN_PRETTY.join(','),
      messageFormat: prefixed,
      singleLine: true,
    }),
  );
}
