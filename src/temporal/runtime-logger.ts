import type { LogLevel, LogMetadata, Logger as TemporalLogger } from '@temporalio/common';
import type { Logger } from '../logger';

const SEVERITY: Record<LogLevel, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

/**
 * What the SDK warns about that is this engine's design, not a problem: the Intercom queue's worker
 * runs activities only (the server caps that queue's rate), so it polls no workflow tasks.
 */
const EXPECTED_WARNINGS = new Set(['No workflows registered, not polling for workflow tasks']);

/**
 * Routes the Temporal SDK's logs, and workflow/activity `log` calls, into the engine's pino logger.
 * The SDK's own machinery (bundler output, worker state changes) is kept at `sdkMinimum` so it does
 * not drown the engine's own INFO lines; workflow and activity logs pass at the logger's level.
 */
export class PinoTemporalLogger implements TemporalLogger {
  constructor(
    private readonly pino: Logger,
    private readonly sdkMinimum: LogLevel = 'WARN',
  ) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const component: unknown = meta?.sdkComponent;
    const isMachinery = component === 'worker' || component === 'core';
    if (isMachinery && level === 'WARN' && EXPECTED_WARNINGS.has(message)) level = 'DEBUG';
    if (isMachinery && SEVERITY[level] < SEVERITY[this.sdkMinimum]) return;
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    this.pino[method](meta ?? {}, message);
  }

  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }

  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }

  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }

  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }

  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}
