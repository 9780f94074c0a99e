/**
 * One pino logger for the whole process. Secrets are redacted by key wherever they appear, so a
 * stray `log.info({ config })` cannot leak a token (DEVELOPERS.md: secrets never go into logs).
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';

export type { Logger };

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

export function createLogger(level: LevelWithSilent = 'info', name = 'hull-intercom-sync'): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers["${key.toLowerCase()}"]`]),
      censor: '[redacted]',
    },
  });
}
